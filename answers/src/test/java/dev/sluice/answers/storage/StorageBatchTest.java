package dev.sluice.answers.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.platform.kafka.JsonSerde;

class StorageBatchTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void shouldSortRecordsByTableAndKeepPoisonAsDeadLetters() {
    byte[] scored = JsonSerde.of(ScoredAttempt.class).toBytes(new ScoredAttempt("q1", 1, 0.5, "token_f1", "a", "m",
        1, 0, 0, T, T));
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
    byte[] letter = JsonSerde.of(DeadLetter.class).toBytes(new DeadLetter("q2", 1, "fatal", "401", null, 0, 0, null,
        null, T));
    StorageBatch batch = StorageBatch.of(records(new ConsumerRecord<>(AnswersTopics.DLQ, 0, 42, null, letter)));

    assertThat(batch.deadLetters()).singleElement().satisfies(d -> {
      assertThat(d.questionId()).isEqualTo("q2");
      assertThat(d.originalTopic()).isEqualTo(AnswersTopics.DLQ);
      assertThat(d.originalOffset()).isEqualTo(42);
    });
  }

  @Test
  void shouldDropNulCharactersPostgresCannotStore() {
    assertThat(AnswersStore.text("a\u0000b")).isEqualTo("ab");
    assertThat(AnswersStore.text(null)).isEmpty();
  }

  @SafeVarargs
  private static ConsumerRecords<byte[], byte[]> records(ConsumerRecord<byte[], byte[]>... records) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new java.util.HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new java.util.ArrayList<>()).add(r);
    }
    return new ConsumerRecords<>(byPartition, Map.of());
  }
}
