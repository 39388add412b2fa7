package dev.sluice.orders.notify;

/** Sends an e-mail; the notifier's only side effect outside Kafka and PostgreSQL, behind one method. */
@FunctionalInterface
public interface Mailer {
    /** Returns once the SMTP server accepted the message; throws if it did not. */
    void send(Email email) throws Exception;

    /**
     * As {@link #send(Email)}, calling {@code beforeAccept} at the last moment before the server can
     * accept the message, so a caller can order acceptances: the notifier lets only one e-mail at a
     * time be accepted and not yet marked sent. This default calls it first, then sends; {@link
     * SmtpMailer} calls it after {@code MAIL}, {@code RCPT}, {@code DATA} and the message text, right
     * before SMTP's final {@code "."}, so all of that overlaps with the previous e-mail's mark.
     * Must be safe to call from several threads at once.
     */
    default void send(Email email, Runnable beforeAccept) throws Exception {
        beforeAccept.run();
        send(email);
    }
}
