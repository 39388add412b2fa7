package dev.sluice.orders.notify;

/**
 * Works around jakartaee/mail-api#861: Jakarta Mail 2.1 looks its {@code StreamProvider} up with a
 * {@link java.util.ServiceLoader} on every call of {@code StreamProvider.provider()}, which
 * {@code MimeUtility}, {@code InternetHeaders} and {@code MimeBodyPart} make for every message, and
 * each lookup scans the class path's jars. A JFR recording of {@code bench orders} put 15% of the
 * JVM's CPU there (sending in the notifier, parsing in the embedded server). The lookup reads the
 * system property named after the interface first, and then only loads that class, so naming the
 * implementation there (Angus Mail's) removes the scans; a value set by the user is kept.
 */
public final class JakartaMail {
    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    private JakartaMail() {}

    /** Names Angus Mail's stream provider in the system property, unless one is named or Angus is absent. */
    public static void pinStreamProvider() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            Class.forName(ANGUS, false, JakartaMail.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return; // another implementation: the service lookup finds it
        }
        System.setProperty(PROPERTY, ANGUS);
    }
}
