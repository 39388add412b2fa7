package dev.sluice.platform.flink;

import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka sources for Flink jobs that read only committed records.
 *
 * <p>Our topics are written by transactional producers (Flink's exactly-once sinks); the consumer
 * default {@code read_uncommitted} would also deliver records of aborted transactions.
 */
public final class KafkaSources {

    public static final String READ_COMMITTED = "read_committed";

    private KafkaSources() {}

    /**
     * A builder with servers, group, topics, value deserializer and {@code isolation.level=read_committed}
     * set, starting from the group's committed offsets or the earliest ones; add bounds or offsets as needed.
     */
    public static <T> KafkaSourceBuilder<T> readCommitted(
            String bootstrapServers, String groupId, DeserializationSchema<T> valueSchema, String... topics) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank: give host:port[,host:port]");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must not be blank: name the consumer group of this job");
        }
        Objects.requireNonNull(valueSchema, "valueSchema must not be null");
        if (topics == null || topics.length == 0) {
            throw new IllegalArgumentException("give at least one topic to read");
        }
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setGroupId(groupId)
                .setTopics(topics)
                .setValueOnlyDeserializer(valueSchema)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, READ_COMMITTED);
    }

    /**
     * A source reading from the earliest offsets up to the end offsets at job start, then finishing:
     * for tests, replays and batch-like reports.
     */
    public static <T> KafkaSource<T> boundedFromEarliest(
            String bootstrapServers, String groupId, DeserializationSchema<T> valueSchema, String... topics) {
        return readCommitted(bootstrapServers, groupId, valueSchema, topics)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .build();
    }
}
