package dev.sluice.platform.http;

import dev.sluice.platform.service.PollingService;
import dev.sluice.platform.service.ServiceHealth;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;

/**
 * One dependency {@code GET /ready} waits for. {@link #probe()} returns when the dependency
 * answers and throws with a reason a person can act on when it does not. {@link HttpApp} gives
 * each probe at most {@link #timeout()} and closes the checks when the server stops.
 */
public interface ReadinessCheck extends AutoCloseable {

    /** The body of a probe: returns when ready, throws when not. */
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }

    String name();

    void probe() throws Exception;

    /** How long {@code /ready} waits for this probe before calling it failed. */
    default Duration timeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    default void close() {}

    static ReadinessCheck of(String name, Duration timeout, Probe probe) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(probe, "probe");
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void probe() throws Exception {
                probe.run();
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }

    /** Kafka is ready when {@code describeCluster} lists a broker in time; the caller owns {@code admin}. */
    static ReadinessCheck kafka(Admin admin, Duration timeout) {
        return new KafkaReadiness(() -> admin, false, timeout);
    }

    /**
     * As {@link #kafka(Admin, Duration)}, with an Admin client of its own, created at the first
     * probe (so building the app never blocks on Kafka) and closed with the check.
     */
    static ReadinessCheck kafka(String bootstrapServers, Map<String, String> properties, Duration timeout) {
        return new KafkaReadiness(KafkaReadiness.adminFactory(bootstrapServers, properties, timeout), true, timeout);
    }

    /** The database is ready when a pooled connection says it is valid within {@code timeout}. */
    static ReadinessCheck database(DataSource dataSource, Duration timeout) {
        Objects.requireNonNull(dataSource, "dataSource");
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        return of("database", timeout, () -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.isValid(seconds)) {
                    throw new IllegalStateException(
                            "the database did not confirm a connection within " + seconds + "s");
                }
            }
        });
    }

    /** A polling service is ready only while a session is polling ({@code RUNNING}); the check is named after it. */
    static ReadinessCheck service(PollingService service) {
        Objects.requireNonNull(service, "service");
        return service(service.name(), service::health);
    }

    /**
     * As {@link #service(PollingService)}, from a health supplier; not ready names the state, the
     * restarts and the last error, e.g. {@code RESTARTING, 3 restarts, last error: TimeoutException: ...}.
     */
    static ReadinessCheck service(String name, Supplier<ServiceHealth> health) {
        Objects.requireNonNull(health, "health");
        return of(name, Duration.ofSeconds(1), () -> {
            ServiceHealth h = health.get();
            if (h.state() != ServiceHealth.State.RUNNING) {
                throw new IllegalStateException(h.describe());
            }
        });
    }
}
