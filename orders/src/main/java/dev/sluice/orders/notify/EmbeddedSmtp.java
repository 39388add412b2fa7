package dev.sluice.orders.notify;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * A real SMTP server in this JVM (GreenMail) for the embedded mode and tests: it accepts any
 * sender and recipient without authentication and keeps every message in memory, so a test or the
 * demo can count what customers received. Port 0 picks a free port.
 *
 * <p>Every message goes to one catch-all mailbox ({@value #CATCH_ALL}), its recipients kept in its
 * headers. GreenMail's default gives each new recipient a user and a mailbox, and finds a
 * recipient's mailbox by a linear, case-insensitive scan of all of them: with one customer address
 * per order, a 10,000-order burst's e-mails spent most of the JVM's CPU in that scan (58% of the
 * samples in a JFR recording of {@code bench orders}), more with every burst, and the server, not
 * the notifier, set the e-mail rate.
 */
public final class EmbeddedSmtp implements AutoCloseable {
    static {
        JakartaMail.pinStreamProvider();
    }

    /** The one mailbox every message is delivered to. */
    public static final String CATCH_ALL = "inbox@sluice.local";

    private final int requestedPort;
    private GreenMail server;

    public EmbeddedSmtp(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("SMTP port must be 0 (any free port) to 65535, was " + port);
        }
        this.requestedPort = port;
    }

    public synchronized EmbeddedSmtp start() {
        if (server != null) {
            throw new IllegalStateException("embedded SMTP already started on port " + port());
        }
        ServerSetup setup = new ServerSetup(requestedPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail mail = new GreenMail(requestedPort == 0 ? setup.dynamicPort() : setup);
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        try {
            GreenMailUser inbox = mail.getUserManager().createUser(CATCH_ALL, CATCH_ALL, "");
            mail.getUserManager().setMessageDeliveryHandler((message, recipient) -> inbox);
        } catch (UserException e) {
            mail.stop();
            throw new IllegalStateException("embedded SMTP: could not create its mailbox " + CATCH_ALL, e);
        }
        server = mail;
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("embedded SMTP is not started");
        }
        return server.getSmtp().getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Every message received so far, in arrival order. */
    public synchronized List<MimeMessage> received() {
        return server == null ? List.of() : List.of(server.getReceivedMessages());
    }

    /** Users (mailboxes) the server holds: 1, the catch-all, whatever the recipients. */
    synchronized int mailboxes() {
        return server == null ? 0 : server.getUserManager().listUser().size();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
