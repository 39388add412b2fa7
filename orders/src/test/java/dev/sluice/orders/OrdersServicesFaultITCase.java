package dev.sluice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.orders.api.KafkaOrderPublisher;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.NotificationStore;
import dev.sluice.orders.notify.Notifier;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.Processor;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.orders.process.StateMachine;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.service.PollingService;
import dev.sluice.platform.service.ServiceHealth.State;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The orders processor and notifier each lose a session to an injected fault on a real broker,
 * PostgreSQL and SMTP server: each shows RESTARTING, then RUNNING, and orders keep reaching
 * {@code finalizado} with one e-mail per state.
 */
class OrdersServicesFaultITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static Database db;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EmbeddedSmtp smtp;
    private Processor processor;
    private Notifier notifier;
    private KafkaOrderPublisher publisher;

    @BeforeAll
    static void topicsAndSchema() {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, new OrderTopics(2, TopicSpec.BROKER_DEFAULT).specs());
            Topics.ensure(admin, DelayTiers.defaults().topicSpecs(2, TopicSpec.BROKER_DEFAULT));
        }
        db = postgres.database();
        Migrations.apply(db.dataSource(), "orders");
    }

    @BeforeEach
    void startServices() {
        smtp = closing(new EmbeddedSmtp(0).start());
        SmtpMailer mailer = new SmtpMailer(
                new SmtpSettings(smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test"));
        closing(new DelayScheduler(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        DelayTiers.defaults(),
                        DelayScheduler.Settings.of("orders-fault-delay", "a"),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start());
        // the same instance ids in every test: static membership hands the partitions straight over
        processor = closing(new Processor(
                        kafka.clients(),
                        new StateMachine(StateDelays.uniform(Duration.ofMillis(100)), Clock.systemUTC()),
                        new DelayedRecords(DelayTiers.defaults(), Clock.systemUTC()),
                        "fault-p")
                .start());
        notifier = closing(
                new Notifier(kafka.clients(), new NotificationStore(db.dataSource()), mailer, "fault-n").start());
        publisher = closing(new KafkaOrderPublisher(kafka.clients(), Duration.ofSeconds(10)));
    }

    @AfterEach
    void stopServices() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    @Test
    void shouldRestartAKilledProcessorSessionAndKeepMovingOrders() throws Exception {
        killASessionAndCheckOrdersStillFinish(processor, 101, 102, 103);
        assertThat(processor.published()).as("4 state changes per order").isGreaterThanOrEqualTo(12);
    }

    @Test
    void shouldRestartAKilledNotifierSessionAndKeepSendingEmails() throws Exception {
        killASessionAndCheckOrdersStillFinish(notifier, 201, 202, 203);
        assertThat(notifier.sent()).isEqualTo(12);
    }

    /** Order {@code before} finishes; the fault hits; {@code during} is placed while it restarts, {@code after} once it runs. */
    private void killASessionAndCheckOrdersStillFinish(PollingService service, long before, long during, long after)
            throws Exception {
        publisher.publish(order(before));
        await().atMost(Duration.ofSeconds(60)).until(() -> emailsTo(before) == 4);
        assertThat(service.health().state()).isEqualTo(State.RUNNING);

        service.injectFault(new IllegalStateException("injected: " + service.name() + " session killed"));

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> service.health().state() == State.RESTARTING);
        assertThat(service.health().restarts()).isEqualTo(1);
        assertThat(service.health().lastError()).contains("session killed");
        publisher.publish(order(during));
        await().atMost(Duration.ofSeconds(30)).until(() -> service.health().state() == State.RUNNING);

        publisher.publish(order(after));
        await().atMost(Duration.ofSeconds(60)).until(() -> emailsTo(during) == 4 && emailsTo(after) == 4);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .until(() -> emailsTo(before) == 4 && emailsTo(during) == 4 && emailsTo(after) == 4);
        assertThat(service.health().restarts()).isEqualTo(1);
    }

    private static Order order(long id) {
        return new Order(id, "Producto " + id, 1000 + id, "cliente" + id + "@correo.com", Estado.RECIBIDO);
    }

    private long emailsTo(long id) throws MessagingException {
        String to = "cliente" + id + "@correo.com";
        long n = 0;
        for (MimeMessage m : smtp.received()) {
            for (Address a : m.getAllRecipients()) {
                if (a.toString().contains(to)) {
                    n++;
                }
            }
        }
        return n;
    }
}
