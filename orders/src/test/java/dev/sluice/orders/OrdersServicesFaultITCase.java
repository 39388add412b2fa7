package dev.sluice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.orders.api.KafkaOrderPublisher;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.Mailer;
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
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import dev.sluice.platform.test.ServiceFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
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

    @BeforeAll
    static void topicsAndSchema() {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, new OrderTopics(2, TopicSpec.BROKER_DEFAULT).specs());
            Topics.ensure(admin, DelayTiers.defaults().topicSpecs(2, TopicSpec.BROKER_DEFAULT));
        }
        db = postgres.database();
        Migrations.apply(db.dataSource(), "orders");
    }

    /** SMTP, the delay scheduler, one processor, one notifier and the publisher; closed in reverse. */
    private static final class Parts implements AutoCloseable {
        final EmbeddedSmtp smtp = new EmbeddedSmtp(0).start();
        final DelayScheduler scheduler = new DelayScheduler(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        DelayTiers.defaults(),
                        DelayScheduler.Settings.of("orders-fault-delay", "a"),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start();
        // the same instance ids in every test: static membership hands the partitions straight over
        final Processor processor = new Processor(
                        kafka.clients(),
                        new StateMachine(StateDelays.uniform(Duration.ofMillis(100)), Clock.systemUTC()),
                        new DelayedRecords(DelayTiers.defaults(), Clock.systemUTC()),
                        "fault-p")
                .start();
        final Notifier notifier;
        final KafkaOrderPublisher publisher = new KafkaOrderPublisher(kafka.clients(), Duration.ofSeconds(10));

        Parts() {
            this(db.dataSource(), mailer -> mailer);
        }

        /** With the notifier's database and mailer wrapped, to fail them at chosen moments. */
        Parts(DataSource notifierDb, UnaryOperator<Mailer> wrapMailer) {
            notifier = new Notifier(
                            kafka.clients(),
                            new NotificationStore(notifierDb),
                            wrapMailer.apply(new SmtpMailer(new SmtpSettings(
                                    smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test"))),
                            "fault-n")
                    .start();
        }

        @Override
        public void close() {
            publisher.close();
            notifier.close();
            processor.close();
            scheduler.close();
            smtp.close();
        }

        long emailsTo(long id) throws MessagingException {
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

    @Test
    void shouldRestartAKilledProcessorSessionAndKeepMovingOrders() throws Exception {
        try (Parts parts = new Parts()) {
            killASessionAndCheckOrdersStillFinish(parts, parts.processor, 101, 102, 103);
            assertThat(parts.processor.published())
                    .as("4 state changes per order")
                    .isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void shouldRestartAKilledNotifierSessionAndKeepSendingEmails() throws Exception {
        try (Parts parts = new Parts()) {
            killASessionAndCheckOrdersStillFinish(parts, parts.notifier, 201, 202, 203);
            assertThat(parts.notifier.sent()).isEqualTo(12);
        }
    }

    /**
     * PostgreSQL goes away right after the SMTP server accepted an e-mail, before its 'sent' mark:
     * the notifier retries the mark, not the e-mail, so the database outage costs no second copy
     * (before, the session ended, the claim stayed unmarked and the next session resent the
     * message after the lease: the 3 doubled e-mails of the first orders chaos run).
     */
    @Test
    void shouldNotResendAnEmailWhenTheDatabaseFailsRightAfterTheSend() throws Exception {
        DatabaseSwitch database = new DatabaseSwitch(db.dataSource());
        AtomicInteger outages = new AtomicInteger();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        UnaryOperator<Mailer> downAfterFirstSend = mailer -> email -> {
            mailer.send(email);
            if (email.to().contains("cliente301@") && outages.getAndIncrement() == 0) {
                database.down = true; // the outage: the next statement is the 'sent' mark
                clock.schedule(() -> database.down = false, 1500, TimeUnit.MILLISECONDS);
            }
        };
        try (Parts parts = new Parts(database, downAfterFirstSend)) {
            parts.publisher.publish(order(301));
            parts.publisher.publish(order(302));
            await().atMost(Duration.ofSeconds(60)).until(() -> parts.emailsTo(301) == 4 && parts.emailsTo(302) == 4);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> parts.emailsTo(301) == 4 && parts.emailsTo(302) == 4);
            assertThat(database.refused.get())
                    .as("the outage refused the 'sent' mark at least once")
                    .isPositive();
            assertThat(parts.notifier.sent()).as("8 e-mails, none resent").isEqualTo(8);
            assertThat(parts.notifier.health().restarts())
                    .as("the mark was retried in the session")
                    .isZero();
        } finally {
            clock.shutdownNow();
        }
    }

    /** A DataSource that refuses connections while {@code down}, as a stopped PostgreSQL does. */
    private static final class DatabaseSwitch implements DataSource {
        private final DataSource real;
        final AtomicInteger refused = new AtomicInteger();
        volatile boolean down;

        DatabaseSwitch(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                refused.incrementAndGet();
                throw new SQLException("Connection to localhost refused (the test's outage)", "08001");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return real.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            real.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            real.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return real.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return real.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return real.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return real.isWrapperFor(iface);
        }
    }

    /** Order {@code before} finishes; the fault hits; {@code during} is placed while it restarts, {@code after} once it runs. */
    private static void killASessionAndCheckOrdersStillFinish(
            Parts parts, PollingService service, long before, long during, long after) throws Exception {
        parts.publisher.publish(order(before));
        await().atMost(Duration.ofSeconds(60)).until(() -> parts.emailsTo(before) == 4);

        ServiceFaults.killSession(service);
        parts.publisher.publish(order(during));
        ServiceFaults.awaitRunning(service);

        parts.publisher.publish(order(after));
        await().atMost(Duration.ofSeconds(60)).until(() -> parts.emailsTo(during) == 4 && parts.emailsTo(after) == 4);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .until(() -> parts.emailsTo(before) == 4 && parts.emailsTo(during) == 4 && parts.emailsTo(after) == 4);
        assertThat(service.health().restarts()).isEqualTo(1);
    }

    private static Order order(long id) {
        return new Order(id, "Producto " + id, 1000 + id, "cliente" + id + "@correo.com", Estado.RECIBIDO);
    }
}
