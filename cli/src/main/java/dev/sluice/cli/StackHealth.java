package dev.sluice.cli;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.orders.OrdersSystem;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.ReadinessCheck;
import dev.sluice.platform.service.PollingService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * What a {@link Stack}'s {@code /ready} reports: Kafka and the database, every polling service by
 * name, the scoring job; and what a service that FAILS does to a process run in the foreground.
 */
final class StackHealth {
    private final List<ReadinessCheck> checks = new ArrayList<>();
    private volatile boolean exitOnFailure;

    /** Kafka answers describeCluster and the database a valid connection, each within 2 s. */
    void dependencies(SluiceConfig config, Infrastructure infra) {
        checks.add(ReadinessCheck.kafka(infra.bootstrapServers(), config.kafka().properties(), Duration.ofSeconds(2)));
        checks.add(ReadinessCheck.database(infra.database().dataSource(), Duration.ofSeconds(2)));
    }

    /**
     * Every polling service of this process, named in /ready (ready only while RUNNING) and in the
     * metrics; a service that FAILS (it will not resume on its own: fenced, not authorised) stops a
     * foreground process with a message, so an operator or supervisor restarts it.
     */
    void services(DelayScheduler scheduler, OrdersSystem orders, AnswersSystem answers, MeterRegistry meters) {
        if (scheduler != null) {
            watch(scheduler.name(), () -> List.of(scheduler));
        }
        if (orders != null) {
            orders.services().forEach(s -> s.bindMetrics(meters));
            orders.services().forEach(s -> watch(s.name(), orders::services));
        }
        if (answers != null) {
            answers.services().forEach(s -> watch(s.name(), answers::services));
            JobClient job = answers.job();
            if (job != null) {
                checks.add(ReadinessCheck.of("scoring-job", Duration.ofSeconds(2), () -> {
                    JobStatus status = job.getJobStatus().get(2, TimeUnit.SECONDS);
                    if (status != JobStatus.RUNNING) {
                        throw new IllegalStateException("the scoring job " + job.getJobID() + " is " + status);
                    }
                }));
            }
        }
    }

    /** A readiness check on the service named {@code name} among {@code current} (restarts replace instances). */
    private void watch(String name, Supplier<List<? extends PollingService>> current) {
        Supplier<PollingService> find = () -> current.get().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is no longer running in this process"));
        checks.add(ReadinessCheck.service(name, () -> find.get().health()));
        find.get().onFailure(health -> {
            if (exitOnFailure) {
                System.err.println("sluice: " + health.name() + " failed and will not resume on its own ("
                        + health.lastError() + "); stopping this process so it can be restarted");
                System.exit(1);
            }
        });
    }

    /** From now on a FAILED service ends the process (exit code 1) with a message. */
    void exitOnFailure() {
        exitOnFailure = true;
    }

    List<ReadinessCheck> checks() {
        return List.copyOf(checks);
    }
}
