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
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.service.ServiceHealth.State;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.ServiceFaults;
import dev.sluice.platform.test.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker whose session is killed rebuilds its clients and keeps answering, each question once. */
class LlmWorkerFaultITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);
    private static final JsonSerde<GeneratedAnswer> ANSWERS = JsonSerde.of(GeneratedAnswer.class);

    @Test
    void shouldRestartAKilledSessionAndKeepAnsweringEachQuestionOnce() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, AnswersTopics.all(2, (short) 1));
        }
        List<QaPair> pairs = SampleDataset.pairs(30, 7);
        Clock clock = Clock.systemUTC();
        try (LlmSimulator sim =
                        new LlmSimulator(SimulatorSettings.defaults(3), ReferenceAnswers.fromPairs(pairs)).start();
                LlmClient llm = LlmClients.create(LlmSettings.local(
                        LlmProvider.SIMULATOR, sim.baseUrl(), SimulatorSettings.MODEL, Duration.ofSeconds(5)));
                TopicReader.Tail out = TopicReader.committed(kafka.clients()).tail(AnswersTopics.GENERATED);
                KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer();
                LlmWorker worker = new LlmWorker(
                                kafka.clients(),
                                llm,
                                LlmWorker.Settings.of("fault.workers", "f1"),
                                clock,
                                new SimpleMeterRegistry())
                        .start()) {
            ask(producer, pairs.subList(0, 10), clock);
            await().atMost(Duration.ofSeconds(60)).until(() -> answered(out).size() == 10);
            assertThat(worker.health().state()).isEqualTo(State.RUNNING);

            ServiceFaults.killSession(worker);
            ask(producer, pairs.subList(10, 20), clock); // waiting while no session runs
            ServiceFaults.awaitRunning(worker);

            ask(producer, pairs.subList(20, 30), clock);
            await().atMost(Duration.ofSeconds(60)).until(() -> answered(out).size() == 30);
            assertThat(answered(out).values())
                    .as("one answer per question across the restart")
                    .containsOnly(1L);
            assertThat(worker.isRunning()).isTrue();
        }
    }

    private static void ask(KafkaProducer<byte[], byte[]> producer, List<QaPair> pairs, Clock clock) {
        for (QaPair p : pairs) {
            QuestionTask task = QuestionTask.first(p.id(), p.title(), p.content(), p.bestAnswer(), clock.instant());
            producer.send(new ProducerRecord<>(
                    AnswersTopics.PENDING, p.id().getBytes(StandardCharsets.UTF_8), TASKS.toBytes(task)));
        }
        producer.flush();
    }

    /** Answers published per question id. */
    private static Map<String, Long> answered(TopicReader.Tail out) {
        return out.from(AnswersTopics.GENERATED).stream()
                .map(r -> ANSWERS.parse(r.value()).value().questionId())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
