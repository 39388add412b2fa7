package dev.sluice.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.RetryHeaders;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.answers.retry.AdaptiveLimiter;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.storage.StorageService;
import dev.sluice.answers.worker.LlmWorker;
import dev.sluice.platform.delay.DelayHeaders;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.Parsed;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.test.Closer;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import dev.sluice.platform.test.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Garbage on every topic the answers services consume, on one running system (broker, PostgreSQL,
 * LLM simulator, a worker, both retry schedulers, storage): each bad record ends where its
 * consumer puts dead letters, with the reason and its origin, and a valid record sent after all of
 * them is processed normally. Where it ends, by consumer:
 *
 * <ul>
 *   <li>{@code questions.pending} (worker): a {@code poison} {@link DeadLetter} on {@code questions.dlq};
 *   <li>the retry tiers (delay scheduler): the tier set's {@code .dlq} topic with {@code sluice.delay.reason};
 *   <li>{@code answers.validated}, {@code answers.scored}, {@code questions.dlq} (storage): a
 *       {@code poison} row in {@code answers.dead_letters}; values PostgreSQL cannot hold (NUL,
 *       times beyond year 9999) are stored without them.
 * </ul>
 *
 * The scoring job's parse of {@code answers.generated} is covered by {@code ScoringJobITCase} and
 * {@code ParseGenerated}'s truncation by the job's {@code DeadLetters}; a Flink cluster here would
 * double this test's time. Part of the bad-input suite (docs/architecture.md, "Bad input").
 */
class AnswersBadRecordsITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    final Closer closer = new Closer();

    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);
    private static final JsonSerde<DeadLetter> LETTERS = JsonSerde.of(DeadLetter.class);
    private static final JsonSerde<GeneratedAnswer> ANSWERS = JsonSerde.of(GeneratedAnswer.class);
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String OVERLOAD_DLQ = AnswersTopics.OVERLOAD_RETRY.deadLetterTopic();
    private static final String TIER =
            AnswersTopics.OVERLOAD_RETRY.tiers().get(0).topic();

    /** One bad record, where it goes in, and the words its reason must contain (null: any reason). */
    record Bad(String name, String topic, byte[] key, byte[] value, Headers headers, String words) {}

    /** Where a bad record landed, once sent. */
    record Sent(Bad bad, int partition, long offset) {}

    private static List<Bad> badRecords() {
        String task = new String(TASKS.toBytes(QuestionTask.first("q-x", "t", "", "", T)), StandardCharsets.UTF_8);
        List<Bad> bad = new ArrayList<>();
        // the worker, on questions.pending
        for (String topic :
                List.of(AnswersTopics.PENDING, AnswersTopics.VALIDATED, AnswersTopics.SCORED, AnswersTopics.DLQ)) {
            bad.add(new Bad("empty value", topic, utf8("k-empty"), new byte[0], null, "empty payload"));
            bad.add(new Bad("null value", topic, utf8("k-null"), null, null, "empty payload"));
            bad.add(new Bad("null key, not JSON", topic, null, utf8("{not json"), null, "malformed JSON"));
            bad.add(new Bad("a JSON array", topic, utf8("k-array"), utf8("[1,2,3]"), null, null));
            bad.add(new Bad("JSON null", topic, utf8("k-jnull"), utf8("null"), null, "JSON null"));
            bad.add(new Bad(
                    "invalid UTF-8",
                    topic,
                    utf8("k-utf8"),
                    new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"'},
                    null,
                    null));
            bad.add(new Bad("NUL bytes", topic, utf8("k-nul"), new byte[1_000], null, null));
            bad.add(new Bad(
                    "wrong shape",
                    topic,
                    utf8("k-shape"),
                    utf8("{\"questionId\":\"q\",\"attempt\":\"first\"}"),
                    null,
                    null));
        }
        // a record near the broker's size limit whose text grows when quoted into a dead letter's JSON
        bad.add(new Bad(
                "huge value of quotes", AnswersTopics.PENDING, utf8("k-huge"), utf8("\"".repeat(900_000)), null, null));
        bad.add(new Bad("huge value", AnswersTopics.VALIDATED, utf8("k-huge"), utf8("x".repeat(900_000)), null, null));
        bad.add(new Bad(
                "attempt beyond int",
                AnswersTopics.PENDING,
                utf8("k-int"),
                utf8(task.replace("\"attempt\":1", "\"attempt\":99999999999")),
                null,
                null));
        bad.add(new Bad(
                "attempt 0",
                AnswersTopics.PENDING,
                utf8("k-zero"),
                utf8(task.replace("\"attempt\":1", "\"attempt\":0")),
                null,
                "attempt"));
        bad.add(new Bad(
                "a dead letter without reason",
                AnswersTopics.DLQ,
                utf8("k-dl"),
                utf8(
                        "{\"questionId\":\"q\",\"attempt\":1,\"errorClass\":\"fatal\",\"originalPartition\":0,\"originalOffset\":0}"),
                null,
                "reason"));
        // the delay scheduler, on a retry tier: a valid task with headers it cannot schedule by
        long now = System.currentTimeMillis();
        bad.add(new Bad("no delay headers", TIER, utf8("k-nohdr"), utf8(task), headers(), DelayHeaders.DUE));
        bad.add(new Bad(
                "due 'soon'",
                TIER,
                utf8("k-soon"),
                utf8(task),
                headers(DelayHeaders.DUE, "soon", DelayHeaders.TARGET, AnswersTopics.PENDING),
                DelayHeaders.DUE));
        bad.add(new Bad(
                "due beyond long",
                TIER,
                utf8("k-long"),
                utf8(task),
                headers(DelayHeaders.DUE, "99999999999999999999", DelayHeaders.TARGET, AnswersTopics.PENDING),
                DelayHeaders.DUE));
        bad.add(new Bad(
                "no target",
                TIER,
                utf8("k-notarget"),
                utf8(task),
                headers(DelayHeaders.DUE, Long.toString(now)),
                DelayHeaders.TARGET));
        bad.add(new Bad(
                "illegal target",
                TIER,
                utf8("k-illegal"),
                utf8(task),
                headers(DelayHeaders.DUE, Long.toString(now), DelayHeaders.TARGET, "no such topic!"),
                "legal topic name"));
        bad.add(new Bad(
                "internal target",
                TIER,
                utf8("k-internal"),
                utf8(task),
                headers(DelayHeaders.DUE, Long.toString(now), DelayHeaders.TARGET, "__consumer_offsets"),
                "internal topic"));
        // schedulable, so forwarded as it is; the worker dead-letters it
        bad.add(new Bad(
                "empty value on a tier",
                TIER,
                utf8("k-tier-empty"),
                new byte[0],
                headers(DelayHeaders.DUE, Long.toString(now), DelayHeaders.TARGET, AnswersTopics.PENDING),
                "empty payload"));
        return bad;
    }

    @Test
    void everyBadRecordShouldBeDeadLetteredWithItsReasonAndTheValidOnesAfterItProcessed() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, AnswersTopics.all(1, (short) 1));
        }
        DataSource db = postgres.database().dataSource();
        startServices(db);

        List<Sent> sent = new ArrayList<>();
        KafkaProducer<byte[], byte[]> producer = closer.closing(kafka.clients().bytesProducer());
        for (Bad b : badRecords()) {
            RecordMetadata at = producer.send(new ProducerRecord<>(b.topic(), null, b.key(), b.value(), b.headers()))
                    .get();
            sent.add(new Sent(b, at.partition(), at.offset()));
        }
        // storage must store what PostgreSQL cannot hold as it is: NUL in text, times beyond year 9999
        DeadLetter odd = new DeadLetter(
                "q-odd",
                1,
                "fatal",
                "401 from\u0000 the LLM",
                AnswersTopics.PENDING,
                0,
                999_001,
                null,
                "{}",
                Instant.parse("+300000-01-01T00:00:00Z"));
        producer.send(new ProducerRecord<>(AnswersTopics.DLQ, utf8("q-odd"), LETTERS.toBytes(odd)))
                .get();
        String farFuture = json(new ScoredAttempt("q-far", 1, 0.5, "token_f1", "a\u0000b", "sim", 10, 0, 0, T, T))
                .replace("\"generatedAt\":\"2026-01-01T00:00:00Z\"", "\"generatedAt\":9000000000000000");
        producer.send(new ProducerRecord<>(AnswersTopics.SCORED, utf8("q-far"), utf8(farFuture)))
                .get();
        // a retry record whose failure time is the largest long: the scheduler forwards it, storage keeps its row
        QuestionTask late = QuestionTask.first("q-failed-at", "Why?", "", "", T).withOverloadRetry();
        producer.send(new ProducerRecord<>(
                        TIER,
                        null,
                        utf8("q-failed-at"),
                        TASKS.toBytes(late),
                        headers(
                                DelayHeaders.DUE,
                                Long.toString(System.currentTimeMillis()),
                                DelayHeaders.TARGET,
                                AnswersTopics.PENDING,
                                RetryHeaders.FAILED_AT,
                                Long.toString(Long.MAX_VALUE))))
                .get();

        // then a valid record on every topic
        QuestionTask fresh = QuestionTask.first("q-valid", "Why is the sky blue?", "", "Rayleigh scattering", T);
        producer.send(new ProducerRecord<>(AnswersTopics.PENDING, utf8("q-valid"), TASKS.toBytes(fresh)))
                .get();
        QuestionTask retried = QuestionTask.first("q-retried", "Why is the sea salty?", "", "Rivers", T)
                .withOverloadRetry();
        producer.send(new DelayedRecords(AnswersTopics.OVERLOAD_RETRY, Clock.systemUTC())
                        .after(
                                AnswersTopics.PENDING,
                                utf8("q-retried"),
                                TASKS.toBytes(retried),
                                RetryHeaders.failure("overload", "503", Instant.now()),
                                Duration.ofMillis(100)))
                .get();
        producer.send(new ProducerRecord<>(
                        AnswersTopics.VALIDATED,
                        utf8("q-stored"),
                        utf8(json(new ValidatedAnswer(
                                "q-stored",
                                "Best pizza?",
                                "",
                                "Margherita",
                                "Margherita",
                                0.9,
                                1,
                                1,
                                true,
                                "sim",
                                T,
                                T)))))
                .get();
        producer.send(new ProducerRecord<>(
                        AnswersTopics.SCORED,
                        utf8("q-stored"),
                        utf8(json(new ScoredAttempt(
                                "q-stored", 1, 0.9, "token_f1", "Margherita", "sim", 10, 0, 0, T, T)))))
                .get();
        producer.send(new ProducerRecord<>(
                        AnswersTopics.DLQ,
                        utf8("q-dead"),
                        LETTERS.toBytes(new DeadLetter(
                                "q-dead", 1, "fatal", "401", AnswersTopics.PENDING, 0, 999_002, null, "{}", T))))
                .get();

        // the valid ones are processed: answered by the worker (the retried one after the scheduler), stored by storage
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(answered()).contains("q-valid", "q-retried", "q-failed-at");
                    assertThat(
                                    count(
                                            db,
                                            "SELECT count(*) FROM answers.retries WHERE question_id IN ('q-retried', 'q-failed-at')"))
                            .isEqualTo(2);
                    assertThat(count(db, "SELECT count(*) FROM answers.questions WHERE question_id = 'q-stored'"))
                            .isEqualTo(1);
                    assertThat(count(
                                    db,
                                    "SELECT count(*) FROM answers.attempts WHERE question_id IN ('q-stored', 'q-far')"))
                            .isEqualTo(2);
                    assertThat(
                                    count(
                                            db,
                                            "SELECT count(*) FROM answers.dead_letters WHERE question_id IN ('q-dead', 'q-odd')"))
                            .isEqualTo(2);
                });

        // every bad record is dead-lettered with a reason that names what was wrong, and its origin
        List<ConsumerRecord<byte[], byte[]>> tierDead =
                TopicReader.committed(kafka.clients()).toEnd(OVERLOAD_DLQ);
        List<DeadLetter> workerDead = workerDeadLetters();
        SoftAssertions soft = new SoftAssertions();
        for (Sent s : sent) {
            Bad b = s.bad();
            String where = b.name() + " on " + b.topic();
            Optional<String> reason;
            if (b.topic().equals(TIER) && !b.name().equals("empty value on a tier")) {
                reason = tierDead.stream()
                        .filter(r -> header(r, "sluice.original.offset").equals(Long.toString(s.offset())))
                        .map(r -> header(r, DelayHeaders.REASON))
                        .findFirst();
            } else if (b.topic().equals(AnswersTopics.PENDING) || b.topic().equals(TIER)) {
                reason = workerDead.stream()
                        .filter(d -> b.topic().equals(TIER)
                                ? d.questionId().equals("k-tier-empty")
                                : d.originalTopic().equals(AnswersTopics.PENDING) && d.originalOffset() == s.offset())
                        .map(DeadLetter::reason)
                        .findFirst();
            } else {
                reason = storedPoison(db, b.topic(), s.partition(), s.offset());
            }
            soft.assertThat(reason).as("dead letter for %s", where).isPresent();
            reason.ifPresent(r -> {
                soft.assertThat(r).as("reason for %s", where).isNotBlank();
                if (b.words() != null) {
                    soft.assertThat(r).as("reason for %s", where).contains(b.words());
                }
            });
        }
        soft.assertAll();

        assertThat(text(db, "SELECT reason FROM answers.dead_letters WHERE question_id = 'q-odd'"))
                .isEqualTo("401 from the LLM");
        assertThat(text(
                        db,
                        "SELECT coalesce(dead_at::text, 'none') FROM answers.dead_letters WHERE question_id = 'q-odd'"))
                .isEqualTo("none");
        assertThat(
                        text(
                                db,
                                "SELECT coalesce(generated_at::text, 'none') FROM answers.attempts WHERE question_id = 'q-far'"))
                .isEqualTo("none");
        assertThat(
                        text(
                                db,
                                "SELECT coalesce(failed_at::text, 'none') FROM answers.retries WHERE question_id = 'q-failed-at'"))
                .isEqualTo("none");
        // the worker's dead letters reach storage too, so a person finds the loss in the database
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM answers.dead_letters WHERE error_class = 'poison' AND original_topic = 'questions.pending'"))
                .isGreaterThanOrEqualTo(workerDead.size());
    }

    private void startServices(DataSource db) {
        LlmSimulator sim =
                closer.closing(new LlmSimulator(SimulatorSettings.defaults(3), ReferenceAnswers.NONE).start());
        Map<String, Object> clientProps = Map.of("bootstrap.servers", kafka.bootstrapServers());
        closer.closing(new DelayScheduler(
                        clientProps,
                        AnswersTopics.OVERLOAD_RETRY,
                        DelayScheduler.Settings.of("answers.retry.overload", "bad-input"),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start());
        LlmClient llm = closer.closing(LlmClients.create(LlmSettings.local(
                LlmProvider.SIMULATOR, sim.baseUrl(), SimulatorSettings.MODEL, Duration.ofSeconds(5))));
        LlmWorker.Settings settings = new LlmWorker.Settings(
                "answers.workers",
                "bad-input",
                4,
                20,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                new RetryPolicy.Settings(
                        Duration.ofMillis(50), Duration.ofMillis(500), 8, Duration.ofSeconds(1), 8, 50),
                new AdaptiveLimiter.Settings(4, 1, 0.5, 20, 80f, Duration.ofMillis(500), 2));
        closer.closing(
                new LlmWorker(kafka.clients(), llm, settings, Clock.systemUTC(), new SimpleMeterRegistry()).start());
        closer.closing(new StorageService(kafka.clients(), db).start());
    }

    private static List<String> answered() {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.committed(kafka.clients()).toEnd(AnswersTopics.GENERATED)) {
            Parsed<GeneratedAnswer> p = ANSWERS.parse(r.value());
            if (p.isOk()) {
                ids.add(p.value().questionId());
            }
        }
        return ids;
    }

    private static List<DeadLetter> workerDeadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.committed(kafka.clients()).toEnd(AnswersTopics.DLQ)) {
            Parsed<DeadLetter> p = LETTERS.parse(r.value());
            if (p.isOk() && "poison".equals(p.value().errorClass())) {
                letters.add(p.value());
            }
        }
        return letters;
    }

    private static Optional<String> storedPoison(DataSource db, String topic, int partition, long offset) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT reason FROM answers.dead_letters WHERE error_class = 'poison' AND original_topic = ?"
                                + " AND original_partition = ? AND original_offset = ?")) {
            s.setString(1, topic);
            s.setInt(2, partition);
            s.setLong(3, offset);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(DataSource db, String sql) throws SQLException {
        return Long.parseLong(text(db, sql));
    }

    private static String text(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Headers headers(String... pairs) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], utf8(pairs[i + 1]));
        }
        return h;
    }

    private static String json(Object value) {
        try {
            return dev.sluice.platform.kafka.Json.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
