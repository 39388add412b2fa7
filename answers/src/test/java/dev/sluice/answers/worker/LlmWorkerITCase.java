package dev.sluice.answers.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.retry.AdaptiveLimiter;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.answers.simulator.LatencyModel;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.simulator.SimulatorStats;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.test.ChildJvm;
import dev.sluice.platform.test.Closer;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two LLM workers, the simulator (overloaded above 3 concurrent calls, a quota bucket, a fatal and
 * an empty rate) and the two retry schedulers on a real broker: every question ends exactly once,
 * answered or dead-lettered, and poison records do not stop the flow.
 */
class LlmWorkerITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);
    private static final JsonSerde<GeneratedAnswer> ANSWERS = JsonSerde.of(GeneratedAnswer.class);
    private static final JsonSerde<DeadLetter> LETTERS = JsonSerde.of(DeadLetter.class);
    private static final int N = 100;
    private static final Logger LOG = LoggerFactory.getLogger(LlmWorkerITCase.class);
    private static final String BLANK_TITLE =
            "{\"questionId\":\"x\",\"title\":\" \",\"attempt\":1,\"overloadRetries\":0,\"quotaRetries\":0,\"submittedAt\":\"2026-01-01T00:00:00Z\"}";

    @RegisterExtension
    final Closer closer = new Closer();

    @Test
    void shouldEndEveryQuestionExactlyOnceAnsweredOrDeadLetteredThroughOverloadQuotaAndFatalErrors() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, AnswersTopics.all(3, (short) 1));
        }
        List<QaPair> pairs = SampleDataset.pairs(N, 5);
        SimulatorSettings simSettings = SimulatorSettings.defaults(11)
                .withLatency(LatencyModel.of(Duration.ofMillis(20), Duration.ofMillis(60)))
                .withCapacity(2, 503)
                .withQuota(15, 5)
                .withErrorRates(0.05, 0.03);
        LlmSimulator sim = closer.closing(new LlmSimulator(simSettings, ReferenceAnswers.fromPairs(pairs)).start());
        Clock clock = Clock.systemUTC();
        Map<String, Object> clientProps = Map.of("bootstrap.servers", kafka.bootstrapServers());
        closer.closing(new DelayScheduler(
                        clientProps,
                        AnswersTopics.OVERLOAD_RETRY,
                        DelayScheduler.Settings.of("answers.retry.overload", "it"),
                        clock,
                        new SimpleMeterRegistry())
                .start());
        closer.closing(new DelayScheduler(
                        clientProps,
                        AnswersTopics.QUOTA_RETRY,
                        DelayScheduler.Settings.of("answers.retry.quota", "it"),
                        clock,
                        new SimpleMeterRegistry())
                .start());
        TopicReader.Tail out =
                closer.closing(TopicReader.committed(kafka.clients()).tail(AnswersTopics.GENERATED, AnswersTopics.DLQ));

        RetryPolicy.Settings retry = new RetryPolicy.Settings(
                Duration.ofMillis(50), Duration.ofMillis(500), 8, Duration.ofSeconds(1), 8, 50);
        AdaptiveLimiter.Settings limiter = new AdaptiveLimiter.Settings(6, 1, 0.5, 20, 80f, Duration.ofMillis(500), 2);
        KafkaProducer<byte[], byte[]> producer = closer.closing(kafka.clients().bytesProducer());
        Instant submitted = clock.instant();
        for (int i = 0; i < N; i++) {
            QaPair p = pairs.get(i);
            if (i == N / 2) {
                // poison in the middle of the stream: unreadable JSON, and JSON that is not a valid task
                producer.send(new ProducerRecord<>(AnswersTopics.PENDING, bytes("poison-1"), bytes("{not json")));
                producer.send(new ProducerRecord<>(AnswersTopics.PENDING, bytes("poison-2"), bytes(BLANK_TITLE)));
            }
            QuestionTask task = QuestionTask.first(p.id(), p.title(), p.content(), p.bestAnswer(), submitted);
            producer.send(new ProducerRecord<>(AnswersTopics.PENDING, bytes(p.id()), TASKS.toBytes(task)));
        }
        producer.flush();
        Set<String> expected = pairs.stream().map(QaPair::id).collect(Collectors.toSet());
        // workers start on a full topic, so their first batches call at once, above the simulator's capacity
        for (String instance : List.of("w1", "w2")) {
            LlmClient llm = closer.closing(LlmClients.create(LlmSettings.local(
                    LlmProvider.SIMULATOR, sim.baseUrl(), SimulatorSettings.MODEL, Duration.ofSeconds(5))));
            LlmWorker.Settings settings = new LlmWorker.Settings(
                    "answers.workers",
                    instance,
                    6,
                    20,
                    Duration.ofMillis(100),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(60),
                    retry,
                    limiter);
            closer.closing(new LlmWorker(kafka.clients(), llm, settings, clock, new SimpleMeterRegistry()).start());
        }

        // every question ends somewhere, and nothing more arrives for a while after (no late duplicates)
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        endedQuestions(out, expected).size() == N && poison(out).size() == 2);
        int total = out.size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> out.size() == total);

        List<GeneratedAnswer> answers = answers(out).stream()
                .filter(a -> expected.contains(a.questionId()))
                .toList();
        List<DeadLetter> dead = letters(out).stream()
                .filter(d -> expected.contains(d.questionId()))
                .toList();
        List<String> ids = new ArrayList<>();
        answers.forEach(a -> ids.add(a.questionId()));
        dead.forEach(d -> ids.add(d.questionId()));
        assertThat(ids)
                .as("each question exactly once over answers.generated and questions.dlq")
                .hasSize(N)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        pairs.stream().map(QaPair::id).toList());

        SimulatorStats.Snapshot stats = sim.stats();
        LOG.info(
                "answered {}, dead-lettered {} by class, simulator {}",
                answers.size(),
                dead.stream().collect(Collectors.groupingBy(DeadLetter::errorClass, Collectors.counting())),
                stats);
        // The adaptive limiter may keep concurrency under the simulator's capacity on a slow machine;
        // empty answers take the same backoff path, so together they always exercise it.
        assertThat(stats.overloaded() + stats.empty())
                .as("simulator overloads and empty answers")
                .isPositive();
        assertThat(stats.quotaRejected()).as("simulator quota rejections").isPositive();
        assertThat(answers).as("answered after overload retries").anyMatch(a -> a.overloadRetries() > 0);
        assertThat(answers).as("answered after quota retries").anyMatch(a -> a.quotaRetries() > 0);
        assertThat(answers)
                .allMatch(a -> a.overloadRetries() <= retry.maxOverloadRetries()
                        && a.quotaRetries() <= retry.maxQuotaRetries());
        assertThat(answers.size()).as("most questions answered").isGreaterThan(N / 2);

        List<DeadLetter> fatal =
                dead.stream().filter(d -> d.errorClass().equals("fatal")).toList();
        assertThat(fatal).as("fatal calls dead-lettered").isNotEmpty();
        assertThat((long) fatal.size())
                .as("each fatal outcome dead-lettered, never retried")
                .isEqualTo(stats.fatal());
        assertThat(fatal).allSatisfy(d -> {
            assertThat(d.reason()).contains("not retryable");
            assertThat(d.originalTopic()).isEqualTo(AnswersTopics.PENDING);
            assertThat(d.originalOffset()).isNotNegative();
            assertThat(d.exception()).contains("Fatal");
        });

        Map<String, DeadLetter> poison =
                poison(out).stream().collect(Collectors.toMap(d -> d.payload(), Function.identity()));
        assertThat(poison.get("{not json").reason()).contains("malformed JSON");
        assertThat(poison.get("{not json").originalTopic()).isEqualTo(AnswersTopics.PENDING);
        assertThat(poison.get(BLANK_TITLE).reason())
                .contains("invalid QuestionTask")
                .contains("title");
    }

    @Test
    void shouldAskAgainButPublishOnceWhenAWorkerStopsMidCall() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, AnswersTopics.all(3, (short) 1));
        }
        SimulatorSettings slow = SimulatorSettings.defaults(3)
                .withLatency(LatencyModel.of(Duration.ofMillis(1500), Duration.ofMillis(2000)));
        LlmSimulator sim = closer.closing(new LlmSimulator(slow, ReferenceAnswers.NONE).start());
        TopicReader.Tail out =
                closer.closing(TopicReader.committed(kafka.clients()).tail(AnswersTopics.GENERATED, AnswersTopics.DLQ));
        Clock clock = Clock.systemUTC();
        LlmWorker.Settings settings = new LlmWorker.Settings(
                "answers.workers",
                "k1",
                8,
                8,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                RetryPolicy.Settings.defaults(),
                AdaptiveLimiter.Settings.of(8));
        LlmClient llm = closer.closing(LlmClients.create(LlmSettings.local(
                LlmProvider.SIMULATOR, sim.baseUrl(), SimulatorSettings.MODEL, Duration.ofSeconds(5))));

        KafkaProducer<byte[], byte[]> producer = closer.closing(kafka.clients().bytesProducer());
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            String id = "kill-" + i;
            expected.add(id);
            producer.send(new ProducerRecord<>(
                    AnswersTopics.PENDING,
                    bytes(id),
                    TASKS.toBytes(
                            QuestionTask.first(id, "What is question " + i + "?", "", "an answer", clock.instant()))));
        }
        producer.flush();

        LlmWorker first = new LlmWorker(kafka.clients(), llm, settings, clock, new SimpleMeterRegistry()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.inFlight() > 0);
        first.stop(); // mid-call: the batch's transaction never begins, its offsets stay uncommitted
        assertThat(endedQuestions(out, expected))
                .as("nothing published by the stopped worker")
                .isEmpty();
        long callsBefore = sim.stats().requests();

        closer.closing(new LlmWorker(kafka.clients(), llm, settings, clock, new SimpleMeterRegistry()).start());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> endedQuestions(out, expected).size() == expected.size());
        int total = out.size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> out.size() == total);

        List<String> ids = answers(out).stream()
                .map(GeneratedAnswer::questionId)
                .filter(expected::contains)
                .toList();
        assertThat(ids)
                .as("each question answered once")
                .hasSize(expected.size())
                .doesNotHaveDuplicates();
        assertThat(sim.stats().requests())
                .as("the restarted worker asked again")
                .isGreaterThan(callsBefore);
    }

    /**
     * Clients for the SIGKILL test: a killed consumer never leaves its group, so its partitions wait
     * for the session timeout; the broker's minimum (6 s) instead of the 45 s default keeps the test short.
     */
    static KafkaClients childClients(String bootstrap) {
        return new KafkaClients(
                Map.of("bootstrap.servers", bootstrap, "session.timeout.ms", 6000, "heartbeat.interval.ms", 2000));
    }

    /** The worker settings of the SIGKILL test, shared with {@link LlmWorkerChild} so both halves run the same worker. */
    static LlmWorker.Settings childSettings(String instance) {
        return new LlmWorker.Settings(
                "answers.workers",
                instance,
                4,
                4,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                RetryPolicy.Settings.defaults(),
                AdaptiveLimiter.Settings.of(4));
    }

    @Test
    void shouldLoseAndDoubleNothingWhenAWorkerIsKilled() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, AnswersTopics.all(3, (short) 1));
        }
        SimulatorSettings slowish = SimulatorSettings.defaults(5)
                .withLatency(LatencyModel.of(Duration.ofMillis(300), Duration.ofMillis(600)));
        LlmSimulator sim = closer.closing(new LlmSimulator(slowish, ReferenceAnswers.NONE).start());
        TopicReader.Tail out =
                closer.closing(TopicReader.committed(kafka.clients()).tail(AnswersTopics.GENERATED, AnswersTopics.DLQ));
        Clock clock = Clock.systemUTC();
        KafkaProducer<byte[], byte[]> producer = closer.closing(kafka.clients().bytesProducer());
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String id = "sigkill-" + i;
            expected.add(id);
            producer.send(new ProducerRecord<>(
                    AnswersTopics.PENDING,
                    bytes(id),
                    TASKS.toBytes(
                            QuestionTask.first(id, "What is question " + i + "?", "", "an answer", clock.instant()))));
        }
        producer.flush();

        ChildJvm child = closer.closing(ChildJvm.of(LlmWorkerChild.class)
                .args(kafka.bootstrapServers(), sim.baseUrl().toString(), "c1")
                .awaitReady(Duration.ofSeconds(60))
                .start());
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> endedQuestions(out, expected).size() >= 8);
        } finally {
            child.kill(); // SIGKILL: calls in flight, maybe a transaction open
        }
        assertThat(endedQuestions(out, expected)).as("killed mid-run").hasSizeLessThan(expected.size());

        // same instance id: its transactional id aborts whatever the killed one left open
        LlmClient llm = closer.closing(LlmClients.create(LlmSettings.local(
                LlmProvider.SIMULATOR, sim.baseUrl(), SimulatorSettings.MODEL, Duration.ofSeconds(5))));
        closer.closing(new LlmWorker(
                        childClients(kafka.bootstrapServers()),
                        llm,
                        childSettings("c1"),
                        clock,
                        new SimpleMeterRegistry())
                .start());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> endedQuestions(out, expected).size() == expected.size());
        int total = out.size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> out.size() == total);

        List<String> ids = answers(out).stream()
                .map(GeneratedAnswer::questionId)
                .filter(expected::contains)
                .toList();
        assertThat(ids)
                .as("each question answered exactly once across the kill")
                .hasSize(expected.size())
                .doesNotHaveDuplicates();
    }

    private static Set<String> endedQuestions(TopicReader.Tail out, Set<String> expected) {
        Set<String> ids = new HashSet<>();
        answers(out).forEach(a -> ids.add(a.questionId()));
        letters(out).forEach(d -> ids.add(d.questionId()));
        ids.retainAll(expected);
        return ids;
    }

    private static List<GeneratedAnswer> answers(TopicReader.Tail out) {
        return out.from(AnswersTopics.GENERATED).stream()
                .map(r -> ANSWERS.parse(r.value()).value())
                .toList();
    }

    private static List<DeadLetter> letters(TopicReader.Tail out) {
        return out.from(AnswersTopics.DLQ).stream()
                .map(ConsumerRecord::value)
                .map(v -> LETTERS.parse(v).value())
                .toList();
    }

    private static List<DeadLetter> poison(TopicReader.Tail out) {
        return letters(out).stream()
                .filter(d ->
                        d.errorClass().equals("poison") && d.originalTopic().equals(AnswersTopics.PENDING))
                .toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
