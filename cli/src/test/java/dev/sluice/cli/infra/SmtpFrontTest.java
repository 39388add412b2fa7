package dev.sluice.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.orders.notify.Email;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpFrontTest {
    private EmbeddedSmtp mailbox;
    private SmtpFront front;
    private int frontPort;

    @BeforeEach
    void start() throws IOException {
        mailbox = new EmbeddedSmtp(0).start();
        frontPort = freePort();
        front = SmtpFront.start(frontPort, mailbox.port());
    }

    @AfterEach
    void stop() throws IOException {
        if (front != null) {
            front.close();
        }
        if (mailbox != null) {
            mailbox.close();
        }
    }

    /** A free loopback port outside the ranges the multi-process cluster on this machine may hold. */
    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (!(port >= 19000 && port <= 19500) && !(port >= 29000 && port <= 29500)) {
                    return port;
                }
            }
        }
    }

    private SmtpMailer mailer() {
        return new SmtpMailer(new SmtpSettings("127.0.0.1", frontPort, false, "", null, "pedidos@tienda.cl"));
    }

    private static Email email(String n) {
        return new Email("cliente" + n + "@example.com", "Pedido " + n, "Hola " + n, "<pedido-" + n + "@sluice>");
    }

    /** The first line a new connection to the front reads. */
    private String greeting() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), frontPort)) {
            socket.setSoTimeout(5000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }

    private List<String> subjects() {
        return mailbox.received().stream()
                .map(m -> {
                    try {
                        return m.getSubject();
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @Test
    void shouldRelayAMessageToTheMailServerBehindIt() throws Exception {
        assertThat(greeting()).startsWith("220");

        try (SmtpMailer mailer = mailer()) {
            mailer.send(email("1"));
        }

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(subjects()).containsExactly("Pedido 1"));
        MimeMessage received = mailbox.received().get(0);
        assertThat(received.getMessageID()).isEqualTo("<pedido-1@sluice>");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("cliente1@example.com");
    }

    @Test
    void shouldAnswer421ToNewConnectionsWhileRefusingAndRelayAgainAfterwards() throws Exception {
        try (SmtpMailer mailer = mailer()) {
            mailer.send(email("1"));
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(subjects()).containsExactly("Pedido 1"));

        front.refuseFor(Duration.ofSeconds(2));

        assertThat(greeting()).startsWith("421");

        // once the 2 s are over, a new connection reaches the mail server again
        try (SmtpMailer mailer = mailer()) {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(MessagingException.class)
                    .untilAsserted(() -> mailer.send(email("3")));
        }
        assertThat(greeting()).startsWith("220");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(subjects()).containsExactly("Pedido 1", "Pedido 3"));
    }

    @Test
    void shouldFailASendOnANewConnectionWhileRefusing() throws Exception {
        front.refuseFor(Duration.ofMinutes(1));

        try (SmtpMailer mailer = mailer()) {
            assertThatThrownBy(() -> mailer.send(email("1")))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("421");
        }
        assertThat(greeting()).startsWith("421");
        assertThat(mailbox.received()).isEmpty();
    }

    @Test
    void shouldCutTheConnectionsOpenWhenTheRefusalStarts() throws Exception {
        // as when a mail server goes down: a client holding its connection open (as SmtpMailer does)
        // loses it, and its next send meets the refusal; after it, the same mailer reconnects and sends
        try (SmtpMailer mailer = mailer()) {
            mailer.send(email("1"));
            front.refuseFor(Duration.ofSeconds(2));
            assertThatThrownBy(() -> mailer.send(email("2"))).isInstanceOf(jakarta.mail.MessagingException.class);
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .untilAsserted(() -> mailer.send(email("3")));
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(subjects()).containsExactly("Pedido 1", "Pedido 3"));
    }
}
