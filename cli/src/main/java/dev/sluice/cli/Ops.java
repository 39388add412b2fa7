package dev.sluice.cli;

import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.ReadinessCheck;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The HTTP side of a running stack: the applications' routes plus /health, /ready (Kafka, database, scheduler), /metrics. */
final class Ops implements AutoCloseable {
    private final Javalin app;

    private Ops(Javalin app) {
        this.app = app;
    }

    static Ops start(
            SluiceConfig config,
            Infrastructure infra,
            PrometheusMeterRegistry meters,
            DelayScheduler scheduler,
            java.util.function.Consumer<io.javalin.config.RoutesConfig> appRoutes) {
        Map<String, String> kafkaProps = new java.util.HashMap<>(config.kafka().properties());
        List<ReadinessCheck> checks = List.of(
                ReadinessCheck.kafka(infra.bootstrapServers(), kafkaProps, Duration.ofSeconds(2)),
                ReadinessCheck.database(infra.database().dataSource(), Duration.ofSeconds(2)),
                ReadinessCheck.of("delay-scheduler", Duration.ofSeconds(1), () -> {
                    if (!scheduler.isRunning()) {
                        throw new IllegalStateException("delay scheduler stopped: " + scheduler.failure());
                    }
                }));
        Javalin app = HttpApp.create(config.http(), meters, checks, appRoutes);
        app.start(config.http().port());
        return new Ops(app);
    }

    String url() {
        return "http://localhost:" + app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
