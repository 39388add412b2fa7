package dev.sluice.cli.orders;

import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.orders.OrdersSettings;
import dev.sluice.orders.OrdersSystem;
import dev.sluice.orders.loadgen.LoadRun;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.SentEmails;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
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

    /** What a load run needs of this stack: the API, Kafka, the delays and the e-mail read model. */
    LoadRun.Target target() {
        return new LoadRun.Target(
                java.net.URI.create("http://localhost:" + port() + "/orders"),
                infra.clients(),
                delays(),
                settings.topics().partitions(),
                new SentEmails(infra.database().dataSource(), smtp));
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
