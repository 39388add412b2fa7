package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.orders.api.KafkaOrderPublisher;
import dev.sluice.orders.api.SequenceOrderIds;
import dev.sluice.orders.process.Processor;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.orders.process.StateMachine;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.test.ChildJvm;
import dev.sluice.platform.test.Closer;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import dev.sluice.platform.test.SmtpExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier killed hard (SIGKILL of its JVM, no shutdown hook, no offset commit, claims left
 * behind) several times while it is sending: no e-mail is lost, and the only extra copies are the
 * ones the design admits. An SMTP server gives no way to make "accepted by the server" and "row
 * marked sent" one atomic step: a kill after the server accepted a message and before the row
 * became 'sent' makes the next session send it again (after the claim lease). The notifier sends
 * one message at a time and marks it right after, so that window holds at most one e-mail per
 * crash, and the resend carries the same deterministic Message-ID, so a receiver that deduplicates
 * by Message-ID (as Gmail does) shows it once. This test checks exactly that guarantee, counted in
 * the SMTP server's mailbox per order per state: every (order, state) arrived, no more than one
 * extra copy per kill, every copy of one (order, state) has the same Message-ID, and the
 * notification rows say each e-mail was sent once.
 */
class NotifierHardKillITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final SmtpExtension smtp = new SmtpExtension();

    @RegisterExtension
    final Closer closer = new Closer();

    private static final int ORDERS = 150;
    private static final int KILLS = 3;
    /** Short, so the restarted notifier takes over the dead session's claim quickly; no zombie can exist after SIGKILL. */
    private static final long LEASE_MS = 2_000;

    @Test
    void shouldLoseNoEmailAndResendAtMostTheOneInFlightWhenTheNotifierIsKilledHard() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, new OrderTopics(3, TopicSpec.BROKER_DEFAULT).specs());
            Topics.ensure(admin, DelayTiers.defaults().topicSpecs(3, TopicSpec.BROKER_DEFAULT));
        }
        Database db = closer.closing(new Database(
                postgres.jdbcUrl(),
                postgres.server().username(),
                postgres.server().password(),
                4));
        Migrations.apply(db.dataSource(), "orders");
        NotificationStore store = new NotificationStore(db.dataSource());
        closer.closing(new DelayScheduler(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        DelayTiers.defaults(),
                        DelayScheduler.Settings.of("orders-hardkill-delay", "a"),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start());
        closer.closing(new Processor(
                        kafka.clients(),
                        new StateMachine(StateDelays.uniform(Duration.ofMillis(100)), Clock.systemUTC()),
                        new DelayedRecords(DelayTiers.defaults(), Clock.systemUTC()),
                        "p1")
                .start());

        ChildJvm notifier = notifierChild();
        SequenceOrderIds ids = new SequenceOrderIds(db.dataSource());
        Map<String, String> expected = new HashMap<>(); // subject -> recipient
        try (KafkaOrderPublisher publisher = new KafkaOrderPublisher(kafka.clients(), Duration.ofSeconds(10))) {
            for (int i = 0; i < ORDERS; i++) {
                Order order = new Order(
                        ids.next(), "Producto " + i, 1000 + i, "cliente" + i + "@correo.com", Estado.RECIBIDO);
                publisher.publish(order);
                for (Estado estado : Estado.values()) {
                    expected.put(OrderEmails.of(order.withEstado(estado)).subject(), order.correo());
                }
            }
        }

        // Kill while e-mails are flowing: each kill waits for the mailbox to grow past a mark, so it
        // lands in the middle of the notifier's work (a DB statement or an SMTP exchange), never idle.
        for (int kill = 1; kill <= KILLS; kill++) {
            int mark = kill * ORDERS * 4 / (KILLS + 1);
            await().atMost(90, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> smtp.received().size() >= mark);
            notifier.kill();
            notifier = notifierChild();
        }

        await().atMost(120, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> store.sentCount() == 4L * ORDERS
                        && distinctSubjects(smtp.received()).containsAll(expected.keySet()));

        Map<String, List<String>> messageIdsBySubject = new HashMap<>();
        for (MimeMessage m : smtp.received()) {
            assertThat(expected)
                    .as("an e-mail nobody expected: %s", m.getSubject())
                    .containsKey(m.getSubject());
            assertThat(m.getAllRecipients()[0].toString())
                    .as("recipient of %s", m.getSubject())
                    .isEqualTo(expected.get(m.getSubject()));
            messageIdsBySubject
                    .computeIfAbsent(m.getSubject(), s -> new ArrayList<>())
                    .add(m.getMessageID());
        }
        assertThat(messageIdsBySubject.keySet())
                .as("no e-mail lost: every order has its four e-mails")
                .isEqualTo(expected.keySet());
        int extra = 0;
        Set<String> distinctIds = new HashSet<>();
        for (Map.Entry<String, List<String>> e : messageIdsBySubject.entrySet()) {
            assertThat(new HashSet<>(e.getValue()))
                    .as("every copy of %s carries the same Message-ID", e.getKey())
                    .hasSize(1);
            distinctIds.addAll(e.getValue());
            extra += e.getValue().size() - 1;
        }
        assertThat(distinctIds).as("one Message-ID per order per state").hasSize(4 * ORDERS);
        assertThat(extra)
                .as("at most the one e-mail in flight is sent again per crash")
                .isLessThanOrEqualTo(KILLS);
        assertThat(store.sentCount()).isEqualTo(4L * ORDERS);
        System.out.printf(
                "notifier killed %d times: %d e-mails, %d resent copies (the SMTP-accepted, not-yet-marked window)%n",
                KILLS, smtp.received().size(), extra);
        notifier.kill();
    }

    private static Set<String> distinctSubjects(List<MimeMessage> mails) throws Exception {
        Set<String> subjects = new HashSet<>();
        for (MimeMessage m : mails) {
            subjects.add(m.getSubject());
        }
        return subjects;
    }

    private ChildJvm notifierChild() {
        return closer.closing(ChildJvm.of(NotifierChild.class)
                .args(
                        kafka.bootstrapServers(),
                        postgres.jdbcUrl(),
                        postgres.server().username(),
                        smtp.host(),
                        Integer.toString(smtp.port()),
                        "n1",
                        Long.toString(LEASE_MS))
                .env("SLUICE_TEST_DB_PASSWORD", postgres.server().password())
                .awaitReady(Duration.ofSeconds(60))
                .start());
    }
}
