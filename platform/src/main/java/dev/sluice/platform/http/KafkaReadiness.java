package dev.sluice.platform.http;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Readiness of the Kafka cluster, asked with {@code Admin.describeCluster}: it needs a live
 * connection to a broker, so a stopped broker turns it false within the timeout instead of being
 * answered from cached metadata.
 */
final class KafkaReadiness implements ReadinessCheck {
    private final Supplier<Admin> factory;
    private final boolean ownsAdmin;
    private final Duration timeout;
    private Admin admin;

    KafkaReadiness(Supplier<Admin> factory, boolean ownsAdmin, Duration timeout) {
        this.factory = Objects.requireNonNull(factory, "admin");
        this.ownsAdmin = ownsAdmin;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    static Supplier<Admin> adminFactory(String bootstrapServers, Map<String, String> properties, Duration timeout) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is empty: pass the broker list (host:port,...)");
        }
        Map<String, Object> config = new HashMap<>(properties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Probe again soon after a broker comes back instead of waiting out the default 1s..1000s backoff.
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return () -> Admin.create(config);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Duration timeout() {
        // A little slack over the request timeout so the broker's answer, not ours, decides.
        return timeout.plusMillis(500);
    }

    @Override
    public void probe() throws Exception {
        Admin client = admin();
        try {
            Collection<Node> nodes = client.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                throw new IllegalStateException("the cluster answered but lists no brokers");
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "Kafka did not describe its cluster within " + timeout.toMillis() + "ms: " + cause.getMessage(),
                    cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout.toMillis() + "ms", e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = factory.get();
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (ownsAdmin && admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
