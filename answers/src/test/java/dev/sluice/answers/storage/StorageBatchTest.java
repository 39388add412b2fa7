package dev.sluice.answers.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.RetryHeaders;
import dev.sluice.answers.messages.RetryNotice;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StorageBatchTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);

    @Test
    void shouldSortRecordsByTableAndKeepPoisonAsDeadLetters() {
        byte[] scored = JsonSerde.of(ScoredAttempt.class)
                .toBytes(new ScoredAttempt("q1", 1, 0.5, "token_f1", "a", "m", 1, 0, 0, T, T));
        StorageBatch batch = StorageBatch.of(records(
                new ConsumerRecord<>(AnswersTopics.SCORED, 0, 5, null, scored),
                new ConsumerRecord<>(AnswersTopics.VALIDATED, 1, 9, null, "nope".getBytes(StandardCharsets.UTF_8))));

        assertThat(batch.scored()).extracting(ScoredAttempt::questionId).containsExactly("q1");
        assertThat(batch.validated()).isEmpty();
        assertThat(batch.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.errorClass()).isEqualTo("poison");
            assertThat(d.reason()).contains("ValidatedAnswer");
            assertThat(d.originalTopic()).isEqualTo(AnswersTopics.VALIDATED);
            assertThat(d.originalPartition()).isEqualTo(1);
            assertThat(d.originalOffset()).isEqualTo(9);
            assertThat(d.payload()).isEqualTo("nope");
        });
    }

    @Test
    void shouldKeyADeadLetterWithoutOriginByItsOwnPlaceInTheDlq() {
        byte[] letter = JsonSerde.of(DeadLetter.class)
                .toBytes(new DeadLetter("q2", 1, "fatal", "401", null, 0, 0, null, null, T));
        StorageBatch batch = StorageBatch.of(records(new ConsumerRecord<>(AnswersTopics.DLQ, 0, 42, null, letter)));

        assertThat(batch.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.questionId()).isEqualTo("q2");
            assertThat(d.originalTopic()).isEqualTo(AnswersTopics.DLQ);
            assertThat(d.originalOffset()).isEqualTo(42);
        });
    }

    @Test
    void shouldReadRetryTierRecordsAsRetriesWithTheirErrorAndDueTime() {
        QuestionTask retried = QuestionTask.first("q5", "Title", "", "best", T).withOverloadRetry();
        ProducerRecord<byte[], byte[]> sent = new DelayedRecords(
                        AnswersTopics.OVERLOAD_RETRY, Clock.fixed(T, ZoneOffset.UTC))
                .after(
                        AnswersTopics.PENDING,
                        key("q5"),
                        TASKS.toBytes(retried),
                        RetryHeaders.failure("overload", "HTTP 503", T),
                        Duration.ofMillis(200));
        ConsumerRecord<byte[], byte[]> withHeaders =
                new ConsumerRecord<>(sent.topic(), 3, 11, sent.key(), sent.value());
        sent.headers().forEach(h -> withHeaders.headers().add(h));
        String quotaTopic = AnswersTopics.QUOTA_RETRY.topics().get(0);
        ConsumerRecord<byte[], byte[]> bare = new ConsumerRecord<>(
                quotaTopic,
                0,
                4,
                key("q6"),
                TASKS.toBytes(QuestionTask.first("q6", "Title", "", "", T).withQuotaRetry()));
        ConsumerRecord<byte[], byte[]> poison =
                new ConsumerRecord<>(quotaTopic, 0, 5, key("q7"), "{oops".getBytes(StandardCharsets.UTF_8));

        StorageBatch batch = StorageBatch.of(records(withHeaders, bare, poison));

        assertThat(batch.retries()).hasSize(2);
        assertThat(batch.deadLetters())
                .as("a poison retry is dead-lettered by the worker, not here")
                .isEmpty();
        assertThat(batch.retries())
                .filteredOn(r -> r.questionId().equals("q5"))
                .containsExactly(new RetryNotice(
                        "q5",
                        1,
                        1,
                        0,
                        0,
                        "overload",
                        "overload",
                        "HTTP 503",
                        T,
                        T.plusMillis(200),
                        sent.topic(),
                        3,
                        11));
        assertThat(batch.retries())
                .filteredOn(r -> r.questionId().equals("q6"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.kind()).isEqualTo("quota");
                    assertThat(r.errorClass()).as("no headers: the tier's kind").isEqualTo("quota");
                    assertThat(r.quotaRetries()).isEqualTo(1);
                    assertThat(r.dueAt()).isNull();
                    assertThat(r.failedAt())
                            .as("no header and no record timestamp")
                            .isNull();
                });
    }

    @Test
    void shouldDropNulCharactersPostgresCannotStore() {
        assertThat(AnswersStore.text("a\u0000b")).isEqualTo("ab");
        assertThat(AnswersStore.text(null)).isEmpty();
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static ConsumerRecords<byte[], byte[]> records(ConsumerRecord<byte[], byte[]>... records) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byPartition
                    .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new java.util.ArrayList<>())
                    .add(r);
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }
}
