package dev.sluice.cli.orders;

import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.orders.OrdersSettings;
import dev.sluice.orders.OrdersSystem;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Everything a load test or benchmark runs against, in one process: the infrastructure (embedded
 * unless configured otherwise), SMTP (GreenMail unless configured), the platform's delay scheduler,
 * the three orders services and the HTTP API on a free port. Wiring only.
 */
final class OrdersStack implements AutoCloseable {
    final Infrastructure infra;
    final OrdersSettings settings;
    final EmbeddedSmtp smtp;
    final SmtpSettings smtpSettings;
    private final Metrics metrics;
    private final DelayScheduler scheduler;
    private final SmtpMailer mailer;
    private final OrdersSystem system;
    private final Javalin app;

    private OrdersStack(
            Infrastructure infra,
            OrdersSettings settings,
            EmbeddedSmtp smtp,
            SmtpSettings smtpSettings,
            Metrics metrics,
            DelayScheduler scheduler,
            SmtpMailer mailer,
            OrdersSystem system,
            Javalin app) {
        this.infra = infra;
        this.settings = settings;
        this.smtp = smtp;
        this.smtpSettings = smtpSettings;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.mailer = mailer;
        this.system = system;
        this.app = app;
    }

    /** @param stateDelay overrides orders.state-delay when not null */
    static OrdersStack start(SluiceConfig config, boolean fresh, Duration stateDelay, String instance) {
        // One log line per request would drown the progress bar; the report covers the requests.
        Configurator.setLevel(HttpApp.class.getName(), Level.WARN);
        OrdersSettings base = OrdersSettings.from(config, System.getenv());
        OrdersSettings settings = stateDelay == null ? base : base.withDelays(StateDelays.uniform(stateDelay));
        Infrastructure infra = Infrastructure.start(config, fresh);
        Metrics metrics = Metrics.create(config.metrics());
        EmbeddedSmtp smtp = settings.smtp().embedded() ? new EmbeddedSmtp(0).start() : null;
        SmtpSettings smtpSettings = smtp == null
                ? settings.smtp()
                : new SmtpSettings(
                        smtp.host(),
                        smtp.port(),
                        false,
                        "",
                        null,
                        settings.smtp().from());
        Clock clock = Clock.systemUTC();
        DelayScheduler scheduler = new DelayScheduler(
                        infra.kafkaClientProps(),
                        infra.delayTiers(),
                        DelayScheduler.Settings.of("sluice.delay.scheduler", instance),
                        clock,
                        metrics.registry())
                .start();
        SmtpMailer mailer = new SmtpMailer(smtpSettings);
        OrdersSystem system = OrdersSystem.start(
                infra.clients(), infra.database().dataSource(), settings, mailer, infra.delayTiers(), clock, instance);
        Javalin app = HttpApp.create(
                        new HttpSettings(0, config.http().maxBodyBytes()),
                        metrics.registry(),
                        java.util.List.of(),
                        system::routes)
                .start();
        return new OrdersStack(infra, settings, smtp, smtpSettings, metrics, scheduler, mailer, system, app);
    }

    int port() {
        return app.port();
    }

    StateDelays delays() {
        return settings.delays();
    }

    String describe() {
        return "kafka " + infra.bootstrapServers() + " | postgres " + infra.jdbcUrl() + " | smtp " + smtpSettings.host()
                + ":" + smtpSettings.port() + " | orders API http://localhost:" + port() + "/orders | partitions "
                + settings.topics().partitions();
    }

    /** E-mails the notifier recorded as sent for these orders: cheap enough to poll while waiting. */
    long sentRows(Set<Long> ids) throws Exception {
        try (Connection c = infra.database().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM orders.notifications WHERE status = 'sent' AND order_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** When the notifier recorded each e-mail of these orders as sent (epoch ms, PostgreSQL's clock: the same host here). */
    java.util.List<Long> sentTimes(Set<Long> ids) throws Exception {
        java.util.List<Long> times = new java.util.ArrayList<>();
        try (Connection c = infra.database().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT (extract(epoch FROM sent_at) * 1000)::bigint FROM orders.notifications WHERE status = 'sent' AND order_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getLong(1));
                }
            }
        }
        return times;
    }

    record Emails(long total, long distinct) {}

    /**
     * E-mails of these orders: counted in the embedded mailbox (total and distinct (order, state)
     * subjects, so a doubled e-mail shows), or from the notifier's sent rows with an external server.
     */
    Emails emails(Set<Long> ids) throws Exception {
        if (smtp == null) {
            long sent = sentRows(ids);
            return new Emails(sent, sent);
        }
        long total = 0;
        Set<String> distinct = new HashSet<>();
        for (MimeMessage m : smtp.received()) {
            String subject = m.getSubject(); // "Pedido <id>: <estado>"
            String[] parts = subject == null ? new String[0] : subject.split("[ :]+");
            if (parts.length >= 3 && ids.contains(Long.parseLong(parts[1]))) {
                total++;
                distinct.add(subject);
            }
        }
        return new Emails(total, distinct.size());
    }

    @Override
    public void close() {
        app.stop();
        system.close();
        mailer.close();
        scheduler.close();
        if (smtp != null) {
            smtp.close();
        }
        metrics.close();
        infra.close();
    }
}
