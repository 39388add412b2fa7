package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.flink.KafkaSinks;
import dev.sluice.platform.flink.KafkaSources;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The scoring job's source and sinks, apart from its logic so a test or another deployment can hand
 * in its own. {@link #kafka(ScoringJobSettings)} is the production wiring.
 */
public record ScoringJobIo(
        Source<RawRecord, ?, ?> source,
        Sink<ScoredAttempt> scored,
        Sink<ValidatedAnswer> validated,
        Sink<QuestionTask> pending,
        Sink<DeadLetter> deadLetters) {

    public ScoringJobIo {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scored, "scored");
        Objects.requireNonNull(validated, "validated");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /**
     * {@code answers.generated} read_committed (a worker's aborted transactions never get scored),
     * and an exactly-once sink per output topic, each with its own transactional id prefix.
     */
    public static ScoringJobIo kafka(ScoringJobSettings settings) {
        return kafka(settings, UnaryOperator.identity());
    }

    /**
     * As {@link #kafka(ScoringJobSettings)}, with every topic renamed by {@code topicName} (given the
     * standard name, e.g. {@code answers.generated}); for benchmarks that run several jobs side by
     * side on one broker.
     */
    public static ScoringJobIo kafka(ScoringJobSettings settings, UnaryOperator<String> topicName) {
        String servers = settings.bootstrapServers();
        String prefix = settings.transactionalIdPrefix();
        return new ScoringJobIo(
                source(settings, topicName.apply(AnswersTopics.GENERATED)),
                KafkaSinks.exactlyOnce(
                        servers,
                        new JsonRecordSerializer<>(topicName.apply(AnswersTopics.SCORED), ScoredAttempt::questionId),
                        prefix + "-scored",
                        KafkaSinks.MAX_TRANSACTION_TIMEOUT),
                KafkaSinks.exactlyOnce(
                        servers,
                        new JsonRecordSerializer<>(
                                topicName.apply(AnswersTopics.VALIDATED), ValidatedAnswer::questionId),
                        prefix + "-validated",
                        KafkaSinks.MAX_TRANSACTION_TIMEOUT),
                KafkaSinks.exactlyOnce(
                        servers,
                        new JsonRecordSerializer<>(topicName.apply(AnswersTopics.PENDING), QuestionTask::questionId),
                        prefix + "-pending",
                        KafkaSinks.MAX_TRANSACTION_TIMEOUT),
                KafkaSinks.exactlyOnce(
                        servers,
                        new JsonRecordSerializer<>(topicName.apply(AnswersTopics.DLQ), DeadLetter::questionId),
                        prefix + "-dlq",
                        KafkaSinks.MAX_TRANSACTION_TIMEOUT));
    }

    private static KafkaSource<RawRecord> source(ScoringJobSettings settings, String topic) {
        // KafkaSources.readCommitted takes a value-only schema; the DLQ needs each record's topic,
        // partition and offset, so the same settings are applied here with a record-level deserializer
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setGroupId(settings.groupId())
                .setTopics(topic)
                .setDeserializer(new RawRecordSchema())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, KafkaSources.READ_COMMITTED);
        if (settings.bounded()) {
            builder.setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
