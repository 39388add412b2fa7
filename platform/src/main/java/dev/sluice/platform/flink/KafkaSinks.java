package dev.sluice.platform.flink;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka sinks for Flink jobs that must write each result exactly once.
 *
 * <p>Records become visible to {@code read_committed} readers when the checkpoint that covers them
 * completes, so downstream latency is at least the checkpoint interval.
 */
public final class KafkaSinks {

    /**
     * The broker's default {@code transaction.max.timeout.ms}. Flink's producer asks for one hour by
     * default, which the broker rejects at the first transaction, so the sink always sets its own.
     */
    public static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private KafkaSinks() {}

    /** An exactly-once sink writing values to one topic; transaction timeout {@link #MAX_TRANSACTION_TIMEOUT}. */
    public static <T> KafkaSink<T> exactlyOnce(
            String bootstrapServers, String topic, SerializationSchema<T> valueSchema, String transactionalIdPrefix) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        Objects.requireNonNull(valueSchema, "valueSchema must not be null");
        KafkaRecordSerializationSchema<T> serializer = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setValueSerializationSchema(valueSchema)
                .build();
        return exactlyOnce(bootstrapServers, serializer, transactionalIdPrefix, MAX_TRANSACTION_TIMEOUT);
    }

    /**
     * An exactly-once sink.
     *
     * @param transactionalIdPrefix unique per sink across every job writing to the cluster: two sinks
     *                              sharing a prefix abort each other's transactions
     * @param transactionTimeout    longer than the longest checkpoint plus a restart, or the broker
     *                              aborts transactions Flink still means to commit; at most
     *                              {@link #MAX_TRANSACTION_TIMEOUT}
     */
    public static <T> KafkaSink<T> exactlyOnce(
            String bootstrapServers,
            KafkaRecordSerializationSchema<T> serializer,
            String transactionalIdPrefix,
            Duration transactionTimeout) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank: give host:port[,host:port]");
        }
        Objects.requireNonNull(serializer, "serializer must not be null");
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException("an exactly-once Kafka sink needs a transactional id prefix unique to"
                    + " this sink, e.g. \"answers-scoring-validated\"");
        }
        Objects.requireNonNull(transactionTimeout, "transactionTimeout must not be null");
        if (transactionTimeout.isNegative()
                || transactionTimeout.isZero()
                || transactionTimeout.compareTo(MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "transactionTimeout must be above 0 and at most " + MAX_TRANSACTION_TIMEOUT
                            + " (the broker's default transaction.max.timeout.ms), was " + transactionTimeout);
        }
        if (!(serializer instanceof KafkaDatasetFacetProvider)) {
            throw new IllegalArgumentException("the serializer of exactly-once sink " + transactionalIdPrefix
                    + " must name its topics (implement KafkaDatasetFacetProvider, as"
                    + " KafkaRecordSerializationSchema.builder() does): the pooled transactional ids need them to"
                    + " find the transactions a previous run left open");
        }
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                // The default (INCREMENTING) names every checkpoint's transaction anew, and the broker
                // keeps each name for transactional.id.expiration.ms (7 days): a 500 ms interval with
                // 4 sinks at parallelism 2 is 16 new ids a second, ~10 million a week in the transaction
                // coordinator's memory. POOLING reuses a few names per subtask; on restart it finds the
                // open transactions on the sink's topics (ListTransactions, DescribeProducers) and aborts
                // those the restored checkpoint does not commit.
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()))
                .build();
    }
}
