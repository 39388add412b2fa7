package dev.sluice.orders.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Eclipse Angus). One connection is kept open and
 * reused (a new connection per message cost ~40 ms, capping a notifier at ~25 e-mails/s);
 * {@code isConnected()} checks it with a NOOP before each use and a dead one is replaced. Timeouts are bounded so a hung server fails the
 * notifier's session (which retries) instead of blocking it forever. Sends are serialized: a
 * Jakarta Mail Transport is not thread-safe.
 */
public final class SmtpMailer implements Mailer, AutoCloseable {
    private static final String TIMEOUT_MS = "10000";

    private final SmtpSettings settings;
    private final Session session;
    private Transport transport;

    public SmtpMailer(SmtpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.embedded()) {
            throw new IllegalArgumentException(
                    "SmtpMailer needs orders.smtp.host; start EmbeddedSmtp and use its port for the embedded server");
        }
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.auth", Boolean.toString(!settings.user().isEmpty()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(settings.tls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(settings.tls()));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.put("mail.smtp.timeout", TIMEOUT_MS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MS);
        this.session = Session.getInstance(p);
    }

    @Override
    public synchronized void send(Email email) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, email.messageId());
        message.setFrom(new InternetAddress(settings.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(email.to(), true));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setText(email.body(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.saveChanges();
        try {
            connected().sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            // No retry here: the notifier retries from its claim with a fresh connection, and a blind
            // resend could double a message the server accepted before the reply was lost.
            close();
            throw e;
        }
    }

    private Transport connected() throws MessagingException {
        if (transport == null || !transport.isConnected()) {
            Transport t = session.getTransport("smtp");
            if (settings.user().isEmpty()) {
                t.connect();
            } else {
                t.connect(
                        settings.host(),
                        settings.port(),
                        settings.user(),
                        settings.password().reveal());
            }
            transport = t;
        }
        return transport;
    }

    @Override
    public synchronized void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the connection is gone either way
            }
            transport = null;
        }
    }

    /** Jakarta Mail replaces Message-ID on save; this keeps ours. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
