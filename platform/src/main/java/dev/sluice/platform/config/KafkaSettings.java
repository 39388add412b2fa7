package dev.sluice.platform.config;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where Kafka is and how Sluice's topics are laid out. An empty {@code bootstrapServers} means
 * "start the embedded broker on {@code port}"; {@code properties} go verbatim to every client
 * (security settings, for instance) and are masked when printed if they look secret.
 */
public record KafkaSettings(
        String bootstrapServers, int port, int partitions, int replicationFactor, Map<String, String> properties) {

    public KafkaSettings {
        bootstrapServers = Values.checkBootstrapServers(
                "kafka.bootstrap-servers", Objects.requireNonNull(bootstrapServers, "kafka.bootstrap-servers"));
        Values.checkPort("kafka.port", port);
        Values.checkAtLeast("kafka.partitions", partitions, 1);
        Values.checkAtLeast("kafka.replication-factor", replicationFactor, 1);
        if (replicationFactor > Short.MAX_VALUE) {
            throw Values.invalid(
                    "kafka.replication-factor",
                    String.valueOf(replicationFactor),
                    "a whole number between 1 and " + Short.MAX_VALUE);
        }
        properties = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(properties)));
    }

    /** True when Sluice should start its own broker instead of connecting to one. */
    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    /** The pass-through properties as a {@link Properties}, ready for a client constructor. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        return props;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, ConfigKeys.isSensitive(k) ? Secret.MASK : v));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", port=" + port
                + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", properties=" + shown + "]";
    }
}
