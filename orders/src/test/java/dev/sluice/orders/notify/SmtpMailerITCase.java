package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.platform.config.Secret;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Jakarta Mail against a real SMTP server (GreenMail, in process). */
class SmtpMailerITCase {
    @Test
    void shouldDeliverEachEmailWithItsStableMessageIdOverOneConnection() throws Exception {
        try (EmbeddedSmtp smtp = new EmbeddedSmtp(0).start();
                SmtpMailer mailer = new SmtpMailer(
                        new SmtpSettings(smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test"))) {
            Order order = new Order(12, "Macbook air M1", 759000, "cliente@correo.com", Estado.ENTREGANDO);
            mailer.send(OrderEmails.of(order));
            mailer.send(OrderEmails.of(order.withEstado(Estado.FINALIZADO)));

            assertThat(smtp.received()).hasSize(2);
            MimeMessage first = smtp.received().get(0);
            assertThat(first.getSubject()).isEqualTo("Pedido 12: entregando");
            assertThat(first.getAllRecipients()[0].toString()).isEqualTo("cliente@correo.com");
            assertThat(first.getFrom()[0].toString()).isEqualTo("pedidos@sluice.test");
            assertThat(first.getMessageID()).isEqualTo("<order-12-entregando@orders.sluice>");
            assertThat(String.valueOf(first.getContent())).contains("va en camino");
        }
    }

    @Test
    void shouldFailLoudlyWhenTheServerIsGone() throws Exception {
        EmbeddedSmtp smtp = new EmbeddedSmtp(0).start();
        int port = smtp.port();
        smtp.stop();
        try (SmtpMailer mailer =
                new SmtpMailer(new SmtpSettings("127.0.0.1", port, false, "", Secret.empty(), "pedidos@sluice.test"))) {
            Order order = new Order(13, "x", 1, "a@b.cl", Estado.RECIBIDO);
            assertThatThrownBy(() -> mailer.send(OrderEmails.of(order)))
                    .isInstanceOf(jakarta.mail.MessagingException.class);
        }
    }

    @Test
    void shouldCallBeforeAcceptWhileTheServerHasNotAcceptedTheMessageYet() throws Exception {
        try (EmbeddedSmtp smtp = new EmbeddedSmtp(0).start();
                SmtpMailer mailer = new SmtpMailer(
                        new SmtpSettings(smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test"))) {
            List<Integer> seenByTheGate = new ArrayList<>();
            Order order = new Order(14, "x", 1, "a@b.cl", Estado.RECIBIDO);

            mailer.send(
                    OrderEmails.of(order),
                    () -> seenByTheGate.add(smtp.received().size()));

            assertThat(seenByTheGate)
                    .as("called once, before the message arrived")
                    .containsExactly(0);
            assertThat(smtp.received()).hasSize(1);
        }
    }

    @Test
    void shouldSendOnOneConnectionPerThreadAtOnce() throws Exception {
        int threads = 4;
        try (EmbeddedSmtp smtp = new EmbeddedSmtp(0).start();
                SmtpMailer mailer = new SmtpMailer(
                        new SmtpSettings(smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test"))) {
            // Every sender waits at the gate until all are there: possible only if each has a connection of its own.
            CyclicBarrier allAtTheGate = new CyclicBarrier(threads);
            Runnable gate = () -> {
                try {
                    allAtTheGate.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the senders did not all reach the gate: one connection?", e);
                }
            };
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> sends = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Order order = new Order(40 + i, "x", 1, "c" + i + "@b.cl", Estado.RECIBIDO);
                    sends.add(pool.submit(() -> {
                        mailer.send(OrderEmails.of(order), gate);
                        return null;
                    }));
                }
                for (Future<?> f : sends) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(smtp.received()).hasSize(threads);
            // the connections are kept: a second round reuses them (and still delivers)
            mailer.send(OrderEmails.of(new Order(50, "x", 1, "d@b.cl", Estado.RECIBIDO)));
            assertThat(smtp.received()).hasSize(threads + 1);
        }
    }
}
