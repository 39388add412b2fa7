package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.orders.bench.RawSmtp;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedSmtpITCase {
    @Test
    void shouldKeepEveryMessageWithItsRecipientInOneMailbox() throws Exception {
        try (EmbeddedSmtp smtp = new EmbeddedSmtp(0).start()) {
            // 8 messages to 2 recipients (raw0@, raw1@) over 2 connections
            RawSmtp.perSecond(smtp.host(), smtp.port(), 8, 2);

            List<MimeMessage> received = smtp.received();
            assertThat(received).hasSize(8);
            assertThat(received.stream()
                            .map(m -> {
                                try {
                                    return m.getRecipients(Message.RecipientType.TO)[0].toString();
                                } catch (jakarta.mail.MessagingException e) {
                                    throw new IllegalStateException(e);
                                }
                            })
                            .distinct())
                    .containsExactlyInAnyOrder("raw0@correo.cl", "raw1@correo.cl");
            assertThat(received.stream().map(m -> {
                        try {
                            return m.getSubject();
                        } catch (jakarta.mail.MessagingException e) {
                            throw new IllegalStateException(e);
                        }
                    }))
                    .doesNotHaveDuplicates();
            assertThat(smtp.mailboxes())
                    .as("one catch-all mailbox, not one per recipient")
                    .isEqualTo(1);
        }
    }
}
