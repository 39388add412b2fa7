package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpExtensionITCase {
    @RegisterExtension
    static final SmtpExtension smtp = new SmtpExtension();

    @Test
    @Order(1)
    void shouldReceiveWhatIsSentOnItsFreePortWithoutAuthentication() throws Exception {
        assertThat(smtp.port()).isPositive();
        send("cliente@correo.com", "Pedido 1: recibido");
        send("otro@correo.com", "Pedido 2: recibido");

        assertThat(smtp.received())
                .extracting(MimeMessage::getSubject)
                .containsExactly("Pedido 1: recibido", "Pedido 2: recibido");
        assertThat(smtp.received().get(0).getAllRecipients()[0].toString()).isEqualTo("cliente@correo.com");
    }

    @Test
    @Order(2)
    void shouldStartEachTestWithAnEmptyMailbox() throws Exception {
        assertThat(smtp.received()).isEmpty();
        send("cliente@correo.com", "Pedido 3: recibido");
        assertThat(smtp.received()).hasSize(1);
    }

    private static void send(String to, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("pedidos@sluice.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("hola");
        Transport.send(message);
    }
}
