package dev.sluice.orders.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * {@link Mailer} over SMTP with Jakarta Mail (Eclipse Angus), with a small pool of open
 * connections: each caller thread takes an idle connection (or opens one), sends on it and puts it
 * back, so N threads sending at once use N connections and a single thread reuses one (a new
 * connection per message cost ~40 ms, capping a notifier at ~25 e-mails/s). A connection idle for
 * more than {@link #CHECK_AFTER_IDLE} is checked with a NOOP before use and replaced if dead; a
 * busy one is not (a NOOP per message was a fifth of the SMTP round trips). A connection whose send
 * failed is closed, never reused. Timeouts are bounded so a hung server fails the notifier's session
 * (which retries) instead of blocking it forever. Angus does not pipeline SMTP commands (nor does
 * the embedded GreenMail offer PIPELINING), so parallel connections are what overlaps round trips.
 */
public final class SmtpMailer implements Mailer, AutoCloseable {
    static {
        JakartaMail.pinStreamProvider();
    }

    private static final String TIMEOUT_MS = "10000";
    static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);
    /** Idle connections kept open at most; more are closed when given back. */
    private static final int MAX_IDLE = 8;

    private final SmtpSettings settings;
    private final Session session;
    private final Deque<Pooled> idle = new ArrayDeque<>();
    private boolean closed;

    private record Pooled(Transport transport, long idleSinceNanos) {}

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
    public void send(Email email) throws MessagingException {
        send(email, () -> {});
    }

    @Override
    public void send(Email email, Runnable beforeAccept) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, email.messageId(), beforeAccept);
        message.setFrom(new InternetAddress(settings.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(email.to(), true));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setText(email.body(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.saveChanges();
        Transport transport = take();
        boolean sent = false;
        try {
            transport.sendMessage(message, message.getAllRecipients());
            sent = true;
        } finally {
            // No retry here: the notifier retries from its claim with a fresh connection, and a blind
            // resend could double a message the server accepted before the reply was lost.
            if (sent) {
                giveBack(transport);
            } else {
                closeQuietly(transport);
            }
        }
    }

    /** An idle connection (checked with a NOOP if it idled a while), or a new one. */
    private Transport take() throws MessagingException {
        while (true) {
            Pooled p;
            synchronized (this) {
                if (closed) {
                    throw new MessagingException("the SMTP mailer is closed");
                }
                p = idle.pollFirst();
            }
            if (p == null) {
                return open();
            }
            if (System.nanoTime() - p.idleSinceNanos() < CHECK_AFTER_IDLE.toNanos()
                    || p.transport().isConnected()) {
                return p.transport();
            }
            closeQuietly(p.transport());
        }
    }

    private void giveBack(Transport transport) {
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addFirst(new Pooled(transport, System.nanoTime())); // the most recently used first
                return;
            }
        }
        closeQuietly(transport);
    }

    private Transport open() throws MessagingException {
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
        return t;
    }

    /** Closes the idle connections; one in use is closed when its send ends. */
    @Override
    public void close() {
        List<Pooled> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(idle);
            idle.clear();
        }
        open.forEach(p -> closeQuietly(p.transport()));
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // the connection is gone either way
        }
    }

    /** Jakarta Mail replaces Message-ID on save; this keeps ours. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;
        private final Runnable beforeAccept;

        FixedIdMessage(Session session, String id, Runnable beforeAccept) {
            super(session);
            this.id = id;
            this.beforeAccept = beforeAccept;
        }

        /**
         * Angus writes the message text with this, then sends the final {@code "."} (or the last
         * BDAT chunk): the server cannot have accepted the message before {@code beforeAccept} returns.
         */
        @Override
        public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
            super.writeTo(os, ignoreList);
            beforeAccept.run();
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
