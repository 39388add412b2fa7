package dev.sluice.platform.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The whole typed configuration of a Sluice process, built by {@link ConfigLoader} from a
 * properties file, environment variables and flags. {@code extra} keeps keys outside the platform's
 * sections (for example {@code answers.*}) verbatim, so application modules can add their own
 * settings without changing this record.
 */
public record SluiceConfig(
        Path workDir,
        KafkaSettings kafka,
        DatabaseSettings database,
        FlinkSettings flink,
        HttpSettings http,
        DelaySettings delay,
        MetricsSettings metrics,
        Map<String, String> extra) {

    public SluiceConfig {
        Objects.requireNonNull(workDir, "work-dir");
        if (workDir.toString().isBlank()) {
            throw Values.invalid("work-dir", "", "a directory path");
        }
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(flink, "flink");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(metrics, "metrics");
        extra = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(extra, "extra")));
    }

    /** Every default: an embedded broker, embedded PostgreSQL and a MiniCluster under ./work. */
    public static SluiceConfig defaults() {
        return ConfigLoader.bind(Map.of());
    }

    /**
     * The effective configuration as {@code key = value} lines in key-table order, for people:
     * passwords, API keys and secret-looking Kafka properties are masked.
     */
    public String describe() {
        Map<String, String> shown = new LinkedHashMap<>(flatten());
        shown.replaceAll((k, v) -> ConfigKeys.isSensitive(k) && !v.isEmpty() ? Secret.MASK : v);
        shown.computeIfPresent("database.url", (k, v) -> DatabaseSettings.maskUrl(v));
        int width = shown.keySet().stream().mapToInt(String::length).max().orElse(0);
        return shown.entrySet().stream()
                .map(e -> String.format("%-" + width + "s = %s", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The configuration as flat keys, clear text included; private so it cannot be printed by accident. */
    private Map<String, String> flatten() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("work-dir", workDir.toString());
        m.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        m.put("kafka.port", String.valueOf(kafka.port()));
        m.put("kafka.partitions", String.valueOf(kafka.partitions()));
        m.put("kafka.replication-factor", String.valueOf(kafka.replicationFactor()));
        kafka.properties().forEach((k, v) -> m.put(ConfigKeys.KAFKA_PROPERTIES_PREFIX + k, v));
        m.put("database.url", database.url());
        m.put("database.username", database.username());
        m.put("database.password", database.password().reveal());
        m.put("database.port", String.valueOf(database.port()));
        m.put("database.pool-size", String.valueOf(database.poolSize()));
        m.put("flink.mode", flink.mode().name().toLowerCase(java.util.Locale.ROOT));
        m.put("flink.host", flink.host());
        m.put("flink.rest-port", String.valueOf(flink.restPort()));
        m.put("flink.jar", flink.jar());
        m.put("flink.parallelism", String.valueOf(flink.parallelism()));
        m.put("flink.checkpoint-interval", Values.format(flink.checkpointInterval()));
        m.put("http.host", http.host());
        m.put("http.port", String.valueOf(http.port()));
        m.put("http.max-body-bytes", String.valueOf(http.maxBodyBytes()));
        m.put(
                ConfigKeys.HTTP_API_KEYS,
                http.apiKeys().stream().map(Secret::reveal).collect(Collectors.joining(",")));
        m.put("delay.tiers", delay.tiers().stream().map(Values::format).collect(Collectors.joining(",")));
        m.put("metrics.enabled", String.valueOf(metrics.enabled()));
        m.putAll(extra);
        return m;
    }

    @Override
    public String toString() {
        return "SluiceConfig[workDir=" + workDir + ", kafka=" + kafka + ", database=" + database
                + ", flink=" + flink + ", http=" + http + ", delay=" + delay + ", metrics=" + metrics
                + ", extra=" + extra.keySet() + "]";
    }
}
