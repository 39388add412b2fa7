package dev.sluice.answers.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.RetryHeaders;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage consumer against a real broker and PostgreSQL: rows written once, replays change
 * nothing, for results, dead letters and the retry tiers alike.
 */
class StorageITCase {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    @Test
    void shouldStoreEveryResultOnceAndChangeNothingOnReplayFromOffsetZero() throws Exception {
        kafka.createTopic(AnswersTopics.VALIDATED, 2);
        kafka.createTopic(AnswersTopics.SCORED, 2);
        kafka.createTopic(AnswersTopics.DLQ, 1);
        for (String tier :
                StorageService.topics().subList(3, StorageService.topics().size())) {
            kafka.createTopic(tier, 1);
        }
        ValidatedAnswer q1 = new ValidatedAnswer(
                "q1",
                "Why is the sky blue?",
                "",
                "Rayleigh scattering",
                "Scattering",
                0.9,
                1,
                1,
                true,
                "sim",
                T,
                T.plusSeconds(2));
        ValidatedAnswer q2 = new ValidatedAnswer(
                "q2",
                "Best pizza?",
                "in Naples",
                "Margherita",
                "Pineapple",
                0.2,
                2,
                3,
                false,
                "sim",
                T,
                T.plusSeconds(9));
        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            send(producer, AnswersTopics.VALIDATED, "q1", json(q1));
            send(producer, AnswersTopics.VALIDATED, "q1", json(q1)); // a duplicate delivery
            send(producer, AnswersTopics.VALIDATED, "q2", json(q2));
            for (int attempt = 1; attempt <= 3; attempt++) {
                send(
                        producer,
                        AnswersTopics.SCORED,
                        "q2",
                        json(new ScoredAttempt(
                                "q2",
                                attempt,
                                0.1 * attempt,
                                "token_f1",
                                "answer " + attempt,
                                "sim",
                                40,
                                0,
                                1,
                                T,
                                T.plusSeconds(attempt))));
            }
            send(producer, AnswersTopics.SCORED, "q9", "{broken".getBytes(StandardCharsets.UTF_8)); // poison
            send(
                    producer,
                    AnswersTopics.DLQ,
                    "q3",
                    json(new DeadLetter(
                            "q3",
                            1,
                            "fatal",
                            "401 from the LLM",
                            AnswersTopics.PENDING,
                            4,
                            17,
                            "HttpError: 401",
                            "{}",
                            T)));
            send(
                    producer,
                    AnswersTopics.DLQ,
                    "q4",
                    json(new DeadLetter(
                            "q4",
                            2,
                            "quota",
                            "quota retries exhausted",
                            null,
                            0,
                            0,
                            null,
                            null,
                            T))); // names no origin: stored under its own DLQ position
            // q2's retries, as the worker sends them to the tiers: attempt 1 failed twice (overload, then
            // an empty answer), then was held back once without a call; attempt 3 hit the quota
            QuestionTask q2Task = QuestionTask.first("q2", "Best pizza?", "in Naples", "Margherita", T);
            ProducerRecord<byte[], byte[]> overload = retry(
                    q2Task.withOverloadRetry(),
                    "overload",
                    "server overloaded (HTTP 503)",
                    T.plusMillis(100),
                    Duration.ofMillis(200),
                    0);
            producer.send(overload).get();
            producer.send(overload).get(); // a duplicate delivery: the same retry, at a second offset
            producer.send(retry(
                            q2Task.withOverloadRetry().withOverloadRetry(),
                            "empty",
                            "no content",
                            T.plusMillis(400),
                            Duration.ofMillis(900),
                            0))
                    .get();
            producer.send(retry(
                            q2Task.withOverloadRetry().withOverloadRetry(),
                            "deferred",
                            "circuit breaker open",
                            T.plusMillis(1500),
                            Duration.ofSeconds(2),
                            1))
                    .get();
            producer.send(retry(
                            q2Task.regenerate().regenerate().withQuotaRetry(),
                            "quota",
                            "insufficient_quota (HTTP 429)",
                            T.plusSeconds(6),
                            Duration.ofSeconds(10),
                            0))
                    .get();
            send(
                    producer,
                    AnswersTopics.OVERLOAD_RETRY.topics().get(0),
                    "q8",
                    "{broken".getBytes(StandardCharsets.UTF_8));
            producer.flush();
        }

        StorageService first = new StorageService(
                        kafka.clients(),
                        postgres.database().dataSource(),
                        StorageSettings.defaults().withGroupId("storage-itcase-1"))
                .start();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count("questions") == 2
                            && count("attempts") == 3
                            && count("dead_letters") == 3
                            && count("retries") == 4);
            awaitCaughtUp("storage-itcase-1");
            assertThat(first.recordHit("q1")).isTrue();
            assertThat(first.recordHit("never-asked")).isFalse();
        } finally {
            first.stop();
        }

        assertThat(
                        rows(
                                "SELECT question_id, passed, best_attempt, attempts, llm_answer, hit_count FROM answers.questions"))
                .containsExactly("q1|t|1|1|Scattering|1", "q2|f|2|3|Pineapple|0");
        assertThat(rows("SELECT question_id, error_class, original_topic, original_partition, original_offset"
                        + " FROM answers.dead_letters"))
                .containsExactlyInAnyOrder(
                        "q3|fatal|questions.pending|4|17",
                        "q4|quota|questions.dlq|0|1",
                        "|poison|answers.scored|" + poisonPartition());
        assertThat(rows(
                        "SELECT question_id, attempt, overload_retries, quota_retries, deferrals, kind, error_class, reason,"
                                + " failed_at = '" + T.plusMillis(100) + "', due_at = '" + T.plusMillis(300)
                                + "' FROM answers.retries"
                                + " ORDER BY attempt, overload_retries, deferrals"))
                .as("one row per retry; the unreadable record is only logged")
                .containsExactly(
                        "q2|1|1|0|0|overload|overload|server overloaded (HTTP 503)|t|t",
                        "q2|1|2|0|0|overload|empty|no content|f|f",
                        "q2|1|2|0|1|overload|deferred|circuit breaker open|f|f",
                        "q2|3|0|1|0|quota|quota|insufficient_quota (HTTP 429)|f|f");
        List<String> before = snapshot();

        // a new group starts at offset 0 of every topic: a full replay
        StorageService replay = new StorageService(
                        kafka.clients(),
                        postgres.database().dataSource(),
                        StorageSettings.defaults().withGroupId("storage-itcase-2"))
                .start();
        try {
            awaitCaughtUp("storage-itcase-2");
        } finally {
            replay.stop();
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    /** A retry record exactly as the worker builds it: the task on its delay tier, the failure in the headers. */
    private static ProducerRecord<byte[], byte[]> retry(
            QuestionTask next, String errorClass, String reason, Instant failedAt, Duration delay, int deferrals) {
        Headers headers = RetryHeaders.failure(errorClass, reason, failedAt);
        if (deferrals > 0) {
            headers.add(RetryHeaders.DEFERRALS, Integer.toString(deferrals).getBytes(StandardCharsets.UTF_8));
        }
        DelayTiers tiers = "quota".equals(errorClass) ? AnswersTopics.QUOTA_RETRY : AnswersTopics.OVERLOAD_RETRY;
        return new DelayedRecords(tiers, Clock.fixed(failedAt, ZoneOffset.UTC))
                .after(
                        AnswersTopics.PENDING,
                        next.questionId().getBytes(StandardCharsets.UTF_8),
                        json(next),
                        headers,
                        delay);
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] json(T value) {
        return JsonSerde.of((Class<T>) value.getClass()).toBytes(value);
    }

    /** Where the poison record landed, as "partition|offset" (keyed "q9", so the partition is the key's). */
    private static String poisonPartition() throws SQLException {
        return rows("SELECT original_partition, original_offset FROM answers.dead_letters WHERE error_class = 'poison'")
                .get(0);
    }

    private static void awaitCaughtUp(String group) {
        StorageCatchUp.awaitCaughtUp(kafka.clients(), group);
    }

    private static long count(String table) throws SQLException {
        return Long.parseLong(rows("SELECT count(*) FROM answers." + table).get(0));
    }

    private static List<String> snapshot() throws SQLException {
        List<String> all = new ArrayList<>();
        all.addAll(rows("SELECT * FROM answers.questions ORDER BY question_id"));
        all.addAll(rows("SELECT * FROM answers.attempts ORDER BY question_id, attempt"));
        all.addAll(rows("SELECT * FROM answers.dead_letters ORDER BY id"));
        all.addAll(
                rows(
                        "SELECT * FROM answers.retries ORDER BY question_id, attempt, overload_retries, quota_retries, deferrals"));
        return all;
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = postgres.database().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql + (sql.contains("ORDER BY") ? "" : " ORDER BY 1"))) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cells.add(rs.getString(i) == null ? "" : rs.getString(i));
                }
                rows.add(String.join("|", cells));
            }
        }
        return rows;
    }
}
