package dev.sluice.cli.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.report.RunAudit;
import dev.sluice.answers.report.RunCounts;
import dev.sluice.answers.simulator.LatencyModel;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.Stack;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole answers pipeline on the real embedded stack (Kafka broker, PostgreSQL, Flink
 * MiniCluster), wired exactly as {@code sluice demo} and {@code sluice up} wire it, with the LLM
 * simulator injecting overload (503 above a concurrency capacity), quota (429 + Retry-After from a
 * token bucket), fatal (400) and empty answers, and low-quality answers that the scoring job sends
 * back for regeneration. Mid-run one LLM worker and the storage consumer are stopped and started
 * again. The outcome is read from the database and the topics: nothing lost, nothing doubled.
 *
 * <p>A worker killed with SIGKILL mid-transaction is covered separately by
 * {@code LlmWorkerITCase} (a child JVM); here the restarts are in-process.
 */
class AnswersPipelineITCase {
    private static final int QUESTIONS = 500;

    @TempDir
    Path work;

    @Test
    void shouldValidateOrDeadLetterEveryQuestionOnceThroughRetriesRegenerationsAndRestarts() throws Exception {
        SluiceConfig config = ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of(
                        "work-dir",
                        work.toString(),
                        "flink.rest-port",
                        "0",
                        "http.port",
                        "0",
                        "flink.checkpoint-interval",
                        "1s"));
        List<QaPair> pairs = SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);
        // the sample has ~320 pairs: ask each up to twice under different ids to reach 500 questions
        List<QaPair> asked = new ArrayList<>();
        for (int i = 0; asked.size() < QUESTIONS; i++) {
            asked.add(pairs.get(i % pairs.size()));
        }
        SimulatorSettings sim = SimulatorSettings.defaults(7)
                .withLatency(LatencyModel.of(Duration.ofMillis(20), Duration.ofMillis(120)))
                .withCapacity(6, 503) // two workers run up to 16 calls at once → overload
                .withQuota(40, 20) // more than 40 calls/s → quota errors with Retry-After
                .withErrorRates(0.02, 0.02); // fatal (→ DLQ) and empty answers (→ retry)
        String run = "e2e";
        Clock clock = Clock.systemUTC();
        var pipeline =
                new AnswersSystem.Run(AnswersSystem.Part.pipeline(), "itcase", 2, new LlmOptions().choice(sim, pairs));
        try (Stack stack =
                Stack.builder(config).instance("itcase").answers(pipeline).start()) {
            var infra = stack.infra();
            var rt = stack.answers();
            try (KafkaQuestionPublisher publisher =
                    new KafkaQuestionPublisher(infra.clients(), "itcase", Duration.ofSeconds(30))) {
                for (int i = 0; i < asked.size(); i++) {
                    QaPair p = asked.get(i);
                    publisher.publish(QuestionTask.first(
                            run + "-" + i + "-" + p.id(), p.title(), p.content(), p.bestAnswer(), clock.instant()));
                }

                await("a first share of results")
                        .atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> RunCounts.read(infra.database().dataSource(), run)
                                        .done()
                                >= QUESTIONS / 5);
                rt.restartWorker(0);
                rt.restartStorage();

                await("every question validated or dead-lettered")
                        .atMost(Duration.ofMinutes(10))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> RunCounts.read(infra.database().dataSource(), run)
                                        .done()
                                >= QUESTIONS);

                RunCounts counts = RunCounts.read(infra.database().dataSource(), run);
                RunAudit audit = RunAudit.read(infra.clients(), run);
                assertThat(counts.done())
                        .as("validated + dead-lettered: nothing lost, none counted twice")
                        .isEqualTo(QUESTIONS);
                assertThat(audit.duplicates())
                        .as("more than one result on answers.validated for a question")
                        .isZero();
                assertThat(audit.validatedRecords())
                        .as("one result record per validated question")
                        .isEqualTo(counts.validated());
                assertThat(audit.scoredTwice())
                        .as("an attempt scored twice on answers.scored")
                        .isZero();
                assertThat(counts.dead())
                        .as("the simulator's fatal answers were dead-lettered")
                        .isPositive();
                assertThat(counts.maxAttempt())
                        .as("attempts never above the cap")
                        .isBetween(2, rt.scoring().maxAttempts());
                assertThat(counts.regenerations())
                        .as("low scorers were regenerated")
                        .isPositive();
                assertThat(audit.retriesOverload())
                        .as("overload retries went through their topics")
                        .isPositive();
                assertThat(audit.retriesQuota())
                        .as("quota retries went through their topics")
                        .isPositive();
                assertThat(audit.retriesForwarded())
                        .as("retries came back to questions.pending")
                        .isPositive();
                assertThat(audit.retriesEarly())
                        .as("retries delivered before their due time")
                        .isZero();
                assertThat(counts.meanFinal()).isGreaterThanOrEqualTo(counts.meanFirst());
            }
        }
    }
}
