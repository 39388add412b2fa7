package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.test.PostgresExtension;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The e-mail read model the demo, load runs and benchmark count with: sent rows in PostgreSQL, or the mailbox. */
class SentEmailsITCase {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static NotificationStore store;

    @BeforeAll
    static void migrate() {
        Migrations.apply(postgres.database().dataSource(), "orders");
        store = new NotificationStore(postgres.database().dataSource());
    }

    private static Order order(long id, Estado estado) {
        return new Order(id, "Macbook air M1", 759000, "a@b.cl", estado);
    }

    private static void sent(Order o) throws Exception {
        store.claim(o, "test", Duration.ofMinutes(5));
        store.markSent(o, "test");
    }

    @Test
    void shouldCountOnlyTheSentRowsOfTheOrdersAskedFor() throws Exception {
        sent(order(101, Estado.RECIBIDO));
        sent(order(101, Estado.PREPARANDO));
        sent(order(102, Estado.RECIBIDO));
        store.claim(order(102, Estado.PREPARANDO), "test", Duration.ofMinutes(5)); // claimed, never sent
        sent(order(999, Estado.RECIBIDO)); // another run's order

        SentEmails emails = new SentEmails(postgres.database().dataSource(), null);

        assertThat(emails.sentRows(Set.of(101L, 102L))).isEqualTo(3);
        assertThat(emails.sentTimes(Set.of(101L, 102L)))
                .hasSize(3)
                .allSatisfy(t -> assertThat(t)
                        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L)));
        assertThat(emails.count(Set.of(101L, 102L)))
                .as("without a mailbox the sent rows are the count")
                .isEqualTo(new SentEmails.Count(3, 3));
    }

    @Test
    void shouldCountTheMailboxAndShowADoubledEmail() throws Exception {
        try (EmbeddedSmtp smtp = new EmbeddedSmtp(0).start();
                SmtpMailer mailer = new SmtpMailer(
                        new SmtpSettings(smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test"))) {
            mailer.send(OrderEmails.of(order(201, Estado.RECIBIDO)));
            mailer.send(OrderEmails.of(order(201, Estado.RECIBIDO))); // the same e-mail twice
            mailer.send(OrderEmails.of(order(201, Estado.PREPARANDO)));
            mailer.send(OrderEmails.of(order(202, Estado.RECIBIDO))); // not asked for

            SentEmails.Count count = new SentEmails(postgres.database().dataSource(), smtp).count(Set.of(201L));

            assertThat(count).isEqualTo(new SentEmails.Count(3, 2));
        }
    }
}
