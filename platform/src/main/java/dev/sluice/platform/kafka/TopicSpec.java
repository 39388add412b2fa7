package dev.sluice.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One topic as the code declares it: name, partition count, replication and topic configs. Topics are
 * declared once next to the code that uses them and created with {@link Topics#ensure}, so partition
 * counts are explicit rather than broker defaults.
 *
 * @param replicationFactor copies of each partition, or {@link #BROKER_DEFAULT} (-1) to use the
 *     cluster's {@code default.replication.factor} (1 on a single embedded broker, 3 on a cluster)
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public static final short BROKER_DEFAULT = -1;
    private static final int MAX_NAME_LENGTH = 249;
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "Topic name is missing: give a name of letters, digits, '.', '_' or '-'");
        }
        if (name.length() > MAX_NAME_LENGTH
                || !LEGAL_NAME.matcher(name).matches()
                || name.equals(".")
                || name.equals("..")) {
            throw new IllegalArgumentException("Topic name '" + name + "' is not valid in Kafka: use at most "
                    + MAX_NAME_LENGTH + " letters, digits, '.', '_' or '-' (and not '.' or '..')");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic '" + name + "' needs at least 1 partition, was " + partitions);
        }
        if (replicationFactor != BROKER_DEFAULT && replicationFactor < 1) {
            throw new IllegalArgumentException("Topic '" + name
                    + "' replicationFactor must be >= 1, or -1 for the broker default, was " + replicationFactor);
        }
        if (configs == null) {
            throw new IllegalArgumentException("Topic '" + name + "' configs must not be null: pass Map.of() for none");
        }
        configs.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException("Topic '" + name + "' has an incomplete config entry " + key + "="
                        + value + ": every topic config needs a name and a value");
            }
        });
        configs = Map.copyOf(configs);
    }

    /** A topic with the broker's default replication and no config overrides. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, BROKER_DEFAULT, Map.of());
    }

    public TopicSpec withReplicationFactor(int replicationFactor) {
        if (replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Topic '" + name + "' replicationFactor " + replicationFactor + " is too large");
        }
        return new TopicSpec(name, partitions, (short) replicationFactor, configs);
    }

    /** A copy with one more topic config, e.g. {@code withConfig("min.insync.replicas", "2")}. */
    public TopicSpec withConfig(String key, String value) {
        Map<String, String> more = new HashMap<>(configs);
        more.put(Objects.requireNonNull(key, "config key"), value);
        return new TopicSpec(name, partitions, replicationFactor, more);
    }
}
