package dev.sluice.platform.test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server (GreenMail) on a free port of 127.0.0.1 for one test class: it accepts any
 * sender and recipient without authentication and keeps what it receives, so a test reads the
 * mailbox instead of counting calls. The mailbox is emptied before each test.
 *
 * <pre>{@code @RegisterExtension static SmtpExtension smtp = new SmtpExtension();}</pre>
 */
public final class SmtpExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    public static final String HOST = "127.0.0.1";

    private GreenMail server;

    @Override
    public void beforeAll(ExtensionContext context) {
        GreenMail mail = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        server = mail;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server().purgeEmailFromAllMailboxes();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            try {
                server.stop();
            } finally {
                server = null;
            }
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return server().getSmtp().getPort();
    }

    /** Every message received since the test started, in arrival order. */
    public List<MimeMessage> received() {
        return List.of(server().getReceivedMessages());
    }

    /** The GreenMail server itself, e.g. to wait for messages or stop it within a test. */
    public GreenMail server() {
        GreenMail s = server;
        if (s == null) {
            throw new IllegalStateException(
                    "SmtpExtension has not started: register it with @RegisterExtension on a static field");
        }
        return s;
    }
}
