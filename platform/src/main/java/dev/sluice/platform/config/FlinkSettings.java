package dev.sluice.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How Flink jobs are run. The checkpoint interval is also the latency floor of the exactly-once
 * Kafka sink (readers wait for the transaction to commit), which is why it is configuration.
 */
public record FlinkSettings(
        FlinkMode mode, String host, int restPort, String jar, int parallelism, Duration checkpointInterval) {

    /** Flink refuses shorter intervals (CheckpointConfig's minimal checkpoint time). */
    public static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(10);

    public FlinkSettings {
        Objects.requireNonNull(mode, "flink.mode");
        host = Objects.requireNonNull(host, "flink.host").trim();
        jar = Objects.requireNonNull(jar, "flink.jar").trim();
        Values.checkPort("flink.rest-port", restPort);
        Values.checkAtLeast("flink.parallelism", parallelism, 1);
        Values.checkPositive(
                "flink.checkpoint-interval",
                Objects.requireNonNull(checkpointInterval, "flink.checkpoint-interval"),
                MIN_CHECKPOINT_INTERVAL);
        if (mode == FlinkMode.REMOTE && host.isEmpty()) {
            throw Values.invalid("flink.host", host, "a host name; flink.mode=remote needs the JobManager's host");
        }
        if (mode == FlinkMode.REMOTE && restPort == 0) {
            throw Values.invalid(
                    "flink.rest-port",
                    "0",
                    "a port number (1-65535); flink.mode=remote needs the JobManager's REST port");
        }
    }

    /** The job jar to submit, if one was configured. */
    public Optional<Path> jarPath() {
        return jar.isEmpty() ? Optional.empty() : Optional.of(Path.of(jar));
    }
}
