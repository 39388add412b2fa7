package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.platform.config.Secret;
import jakarta.mail.internet.MimeMessage;
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
}
