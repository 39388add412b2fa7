package dev.sluice.answers.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.llm.LlmRequest;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.LlmCallHeaders;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.RetryHeaders;
import dev.sluice.answers.messages.RetryNotice;
import dev.sluice.answers.retry.AdaptiveLimiter;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.platform.delay.DelayHeaders;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.test.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's batch logic without Kafka: one output per input, in order, routed by outcome. */
class BatchProcessorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);
    private static final JsonSerde<GeneratedAnswer> ANSWERS = JsonSerde.of(GeneratedAnswer.class);
    private static final JsonSerde<DeadLetter> LETTERS = JsonSerde.of(DeadLetter.class);

    private final ManualClock clock = new ManualClock(NOW);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, LlmOutcome> scripted = new ConcurrentHashMap<>();
    private final List<String> outcomes = new ArrayList<>();
    private final LlmClient llm = new LlmClient() {
        @Override
        public LlmOutcome complete(LlmRequest request) {
            return scripted.getOrDefault(
                    request.questionId(), new LlmOutcome.Answer("an answer", "fake", Duration.ofMillis(5)));
        }

        @Override
        public String describe() {
            return "fake";
        }
    };
    private final AdaptiveLimiter limiter =
            new AdaptiveLimiter(new AdaptiveLimiter.Settings(4, 1, 0.5, 20, 80f, Duration.ofSeconds(2), 1), clock);
    private final BatchProcessor processor = new BatchProcessor(
            llm,
            limiter,
            new RetryPolicy(RetryPolicy.Settings.defaults(), clock, new Random(1)),
            new WorkerRecords(clock),
            pool,
            clock,
            o -> {
                synchronized (outcomes) {
                    outcomes.add(o);
                }
            });

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(
                AnswersTopics.PENDING, 2, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static ConsumerRecord<byte[], byte[]> task(long offset, String id) {
        return record(offset, id, TASKS.toBytes(QuestionTask.first(id, "Title " + id, "", "best", NOW)));
    }

    @Test
    void shouldRouteEachRecordByItsOutcomeAndKeepTheInputOrder() {
        scripted.put("fatal", new LlmOutcome.Fatal("bad request", 400, Duration.ZERO));
        scripted.put("busy", new LlmOutcome.Overload("503", 503, Duration.ZERO));

        List<ProducerRecord<byte[], byte[]>> out = processor.process(
                List.of(
                        task(10, "ok"),
                        record(11, "junk", "{oops".getBytes(StandardCharsets.UTF_8)),
                        task(12, "fatal"),
                        task(13, "busy")),
                Duration.ofSeconds(10));

        assertThat(out).hasSize(4);
        assertThat(out.subList(0, 3))
                .extracting(ProducerRecord::topic)
                .containsExactly(AnswersTopics.GENERATED, AnswersTopics.DLQ, AnswersTopics.DLQ);
        assertThat(ANSWERS.parse(out.get(0).value()).value().questionId()).isEqualTo("ok");

        DeadLetter poison = LETTERS.parse(out.get(1).value()).value();
        assertThat(poison.errorClass()).isEqualTo("poison");
        assertThat(poison.payload()).isEqualTo("{oops");
        assertThat(poison.reason()).contains("malformed JSON");
        assertThat(poison.originalPartition()).isEqualTo(2);
        assertThat(poison.originalOffset()).isEqualTo(11);

        DeadLetter fatal = LETTERS.parse(out.get(2).value()).value();
        assertThat(fatal.errorClass()).isEqualTo("fatal");
        assertThat(fatal.originalOffset()).isEqualTo(12);
        assertThat(fatal.questionId()).isEqualTo("fatal");

        ProducerRecord<byte[], byte[]> retry = out.get(3);
        assertThat(AnswersTopics.OVERLOAD_RETRY.topics()).contains(retry.topic());
        assertThat(DelayHeaders.text(retry.headers(), DelayHeaders.TARGET)).isEqualTo(AnswersTopics.PENDING);
        assertThat(TASKS.parse(retry.value()).value().overloadRetries()).isEqualTo(1);
        assertThat(new String(retry.key(), StandardCharsets.UTF_8)).isEqualTo("busy");
        assertThat(outcomes).containsExactlyInAnyOrder("answer", "poison", "fatal", "overload");
    }

    @Test
    void shouldSayOnEveryRecordAfterACallWhenTheCallBeganAndHowLongItTook() {
        scripted.put("ok", new LlmOutcome.Answer("an answer", "fake", Duration.ofMillis(340)));
        scripted.put("busy", new LlmOutcome.Overload("503", 503, Duration.ofMillis(7)));

        List<ProducerRecord<byte[], byte[]>> out =
                processor.process(List.of(task(1, "ok"), task(2, "busy")), Duration.ofSeconds(10));

        assertThat(out).hasSize(2);
        assertThat(out)
                .allSatisfy(
                        r -> assertThat(LlmCallHeaders.startedAt(r.headers())).hasValue(NOW.toEpochMilli()));
        assertThat(LlmCallHeaders.durationMs(out.get(0).headers())).hasValue(340);
        assertThat(LlmCallHeaders.durationMs(out.get(1).headers())).hasValue(7);
    }

    @Test
    void shouldPutNoCallHeadersOnATaskHeldBackWithoutACall() {
        scripted.put("quota", new LlmOutcome.Quota("quota", 429, Optional.of(Duration.ofSeconds(30)), Duration.ZERO));
        processor.process(List.of(task(1, "quota")), Duration.ofSeconds(10));

        List<ProducerRecord<byte[], byte[]>> out = processor.process(List.of(task(2, "held")), Duration.ofSeconds(10));

        assertThat(RetryHeaders.text(out.get(0).headers(), RetryHeaders.ERROR_CLASS))
                .isEqualTo("deferred");
        assertThat(LlmCallHeaders.startedAt(out.get(0).headers())).isEmpty();
        assertThat(LlmCallHeaders.durationMs(out.get(0).headers())).isEmpty();
    }

    @Test
    void shouldSayOnEveryRetryRecordWhichCallFailedHowAndWhen() {
        scripted.put("busy", new LlmOutcome.Overload("server overloaded", 503, Duration.ZERO));
        scripted.put("blank", new LlmOutcome.Empty("no content in the completion", Duration.ZERO));
        scripted.put(
                "broke",
                new LlmOutcome.Quota("insufficient_quota", 429, Optional.of(Duration.ofSeconds(30)), Duration.ZERO));

        List<ProducerRecord<byte[], byte[]>> out =
                new ArrayList<>(processor.process(List.of(task(1, "busy"), task(2, "blank")), Duration.ofSeconds(10)));
        // alone: a quota error blocks the calls after it, which would turn the others into deferrals
        out.addAll(processor.process(List.of(task(3, "broke")), Duration.ofSeconds(10)));

        assertThat(out)
                .extracting(r -> RetryHeaders.text(r.headers(), RetryHeaders.ERROR_CLASS))
                .containsExactly("overload", "empty", "quota");
        assertThat(RetryHeaders.text(out.get(0).headers(), RetryHeaders.REASON))
                .isEqualTo("server overloaded (HTTP 503)");
        assertThat(RetryHeaders.text(out.get(1).headers(), RetryHeaders.REASON))
                .isEqualTo("no content in the completion");
        assertThat(RetryHeaders.text(out.get(2).headers(), RetryHeaders.REASON))
                .isEqualTo("insufficient_quota (HTTP 429)");
        assertThat(out)
                .allSatisfy(r -> assertThat(RetryHeaders.number(r.headers(), RetryHeaders.FAILED_AT, -1))
                        .isEqualTo(NOW.toEpochMilli()));
        assertThat(AnswersTopics.OVERLOAD_RETRY.topics()).contains(out.get(1).topic());

        // what storage makes of it: the same record read back from its tier
        ProducerRecord<byte[], byte[]> quota = out.get(2);
        ConsumerRecord<byte[], byte[]> read = new ConsumerRecord<>(quota.topic(), 0, 7, quota.key(), quota.value());
        quota.headers().forEach(h -> read.headers().add(h));
        RetryNotice notice = RetryNotice.from(read).value();
        assertThat(notice.questionId()).isEqualTo("broke");
        assertThat(notice.kind()).isEqualTo("quota");
        assertThat(notice.quotaRetries()).isEqualTo(1);
        assertThat(notice.failedCall()).isTrue();
        assertThat(notice.failedAt()).isEqualTo(NOW);
        // the server's delay, then full jitter on the first quota retry (up to overload.base)
        assertThat(notice.dueAt())
                .isBetween(
                        NOW.plusSeconds(30),
                        NOW.plusSeconds(30).plus(RetryPolicy.Settings.defaults().base()));
    }

    @Test
    void shouldSendTasksBackWithoutACallWhileTheServerAskedToWaitAndCountTheDeferrals() {
        scripted.put(
                "q",
                new LlmOutcome.Quota("insufficient_quota", 429, Optional.of(Duration.ofSeconds(10)), Duration.ZERO));
        processor.process(List.of(task(1, "q")), Duration.ofSeconds(10));

        ConsumerRecord<byte[], byte[]> deferredBefore = task(2, "later");
        deferredBefore.headers().add(WorkerRecords.DEFERRALS, "2".getBytes(StandardCharsets.UTF_8));
        List<ProducerRecord<byte[], byte[]>> out = processor.process(List.of(deferredBefore), Duration.ofSeconds(10));

        ProducerRecord<byte[], byte[]> r = out.get(0);
        assertThat(AnswersTopics.QUOTA_RETRY.topics()).contains(r.topic());
        assertThat(DelayHeaders.dueMillis(r.headers()).getAsLong())
                .isEqualTo(NOW.plusSeconds(10).toEpochMilli());
        assertThat(new String(r.headers().lastHeader(WorkerRecords.DEFERRALS).value(), StandardCharsets.UTF_8))
                .isEqualTo("3");
        QuestionTask back = TASKS.parse(r.value()).value();
        assertThat(back.quotaRetries()).as("a deferral spends no retry budget").isZero();
        assertThat(RetryHeaders.text(r.headers(), RetryHeaders.ERROR_CLASS)).isEqualTo("deferred");
        assertThat(outcomes).containsExactly("quota", "deferred");
    }

    @Test
    void shouldTreatAnUnreadableDeferralHeaderAsNone() {
        ConsumerRecord<byte[], byte[]> r = task(1, "x");
        r.headers().add(WorkerRecords.DEFERRALS, "many".getBytes(StandardCharsets.UTF_8));
        assertThat(WorkerRecords.deferrals(r)).isZero();
        assertThat(WorkerRecords.deferrals(task(2, "y"))).isZero();
    }
}
