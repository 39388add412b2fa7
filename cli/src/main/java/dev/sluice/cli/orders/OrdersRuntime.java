package dev.sluice.cli.orders;

import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.orders.OrdersSettings;
import dev.sluice.orders.OrdersSystem;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.platform.config.SluiceConfig;
import io.javalin.config.RoutesConfig;
import java.time.Clock;

/**
 * The orders services of one process (request API routes, processor, notifier) with their SMTP
 * side: GreenMail in-process when no SMTP host is configured, the configured server otherwise.
 * Wiring only; used by {@code sluice up}.
 */
public final class OrdersRuntime implements AutoCloseable {
    private final EmbeddedSmtp smtp;
    private final SmtpSettings smtpSettings;
    private final SmtpMailer mailer;
    private final OrdersSystem system;
    private final OrdersSettings settings;

    private OrdersRuntime(
            EmbeddedSmtp smtp,
            SmtpSettings smtpSettings,
            SmtpMailer mailer,
            OrdersSystem system,
            OrdersSettings settings) {
        this.smtp = smtp;
        this.smtpSettings = smtpSettings;
        this.mailer = mailer;
        this.system = system;
        this.settings = settings;
    }

    public static OrdersRuntime start(SluiceConfig config, Infrastructure infra, Clock clock, String instance) {
        OrdersSettings settings = OrdersSettings.from(config, System.getenv());
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
        SmtpMailer mailer = new SmtpMailer(smtpSettings);
        OrdersSystem system = OrdersSystem.start(
                infra.clients(), infra.database().dataSource(), settings, mailer, infra.delayTiers(), clock, instance);
        return new OrdersRuntime(smtp, smtpSettings, mailer, system, settings);
    }

    public void routes(RoutesConfig routes) {
        system.routes(routes);
    }

    public String smtpDescription() {
        return smtpSettings.host() + ":" + smtpSettings.port() + (smtp != null ? " (embedded GreenMail)" : "");
    }

    public OrdersSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        system.close();
        mailer.close();
        if (smtp != null) {
            System.err.println(
                    "  the embedded SMTP server received " + smtp.received().size() + " e-mails");
            smtp.close();
        }
    }
}
