package dev.sluice.platform.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A KRaft node's storage directory, formatted the way {@code kafka-storage.sh format} does, with a
 * static quorum (kraft.version 0: the voters are known up front, in {@code controller.quorum.voters}).
 * share.version is on by default in 4.2; it is set explicitly because the platform relies on share
 * groups. Used by {@link EmbeddedKafka} (in-process brokers) and by {@code sluice cluster} (a broker
 * per process).
 */
public final class KafkaStorage {
    private KafkaStorage() {}

    /**
     * Formats {@code nodeDir} for node {@code nodeId} of cluster {@code clusterId} unless it already
     * holds a {@code meta.properties}; returns what the formatter printed (empty when it did nothing).
     */
    public static String formatIfNew(Path nodeDir, int nodeId, String clusterId) {
        if (Files.exists(nodeDir.resolve("meta.properties"))) {
            return "";
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(nodeDir.toString())
                    .addDirectory(nodeDir.toString())
                    .setFeatureLevel("share.version", (short) 1)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not format Kafka node " + nodeId + " in " + nodeDir + ": " + e.getMessage() + " "
                            + output.toString(StandardCharsets.UTF_8).trim(),
                    e);
        }
        return output.toString(StandardCharsets.UTF_8).trim();
    }

    /** The cluster id a formatted node directory belongs to, if it is formatted. */
    public static Optional<String> clusterId(Path nodeDir) {
        Path meta = nodeDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + meta + ": " + e.getMessage(), e);
        }
        String id = props.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IllegalStateException(meta + " has no cluster.id: delete " + nodeDir + " to start afresh");
        }
        return Optional.of(id);
    }
}
