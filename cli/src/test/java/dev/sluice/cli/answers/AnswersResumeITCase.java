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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice up} stopped mid-run and started again on the same work dir: the embedded broker and
 * PostgreSQL keep their data, every consumer group resumes from its committed offsets, and the
 * scoring job restores its keyed state (attempts seen, best attempt so far) from the last retained
 * checkpoint. Every question still ends validated or dead-lettered exactly once.
 *
 * <p>The restore is checked by its effect, not by what the runtime says it asked for: a job restored
 * from checkpoint N numbers its own checkpoints from N + 1, and the first run's attempts are not
 * scored a second time. (An earlier version of this test only checked the path it had set; Flink's
 * executor had dropped it, and the job started empty without the test noticing. With the composite
 * scorer, whose first checkpoint comes late, that surfaced as doubled results.)
 */
class AnswersResumeITCase {
    private static final int QUESTIONS = 120;

    @TempDir
    Path work;

    @Test
    void shouldResumeAfterTheWholeStackStopsMidRunWithNothingLostOrDoubled() throws Exception {
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
        List<QaPair> pairs = SampleDataset.pairs(QUESTIONS, SampleDataset.DEFAULT_SEED);
        // slow enough that the stop lands mid-run, with regenerations in flight
        SimulatorSettings sim = SimulatorSettings.defaults(11)
                .withLatency(LatencyModel.of(Duration.ofMillis(150), Duration.ofMillis(600)));
        String run = "resume";
        Clock clock = Clock.systemUTC();

        String firstJob;
        try (Stack stack = stack(config, sim, pairs);
                KafkaQuestionPublisher publisher =
                        new KafkaQuestionPublisher(stack.infra().clients(), "resume", Duration.ofSeconds(30))) {
            var infra = stack.infra();
            var rt = stack.answers();
            assertThat(rt.restoredFrom())
                    .as("a fresh work dir has no checkpoint")
                    .isNull();
            for (QaPair p : pairs) {
                publisher.publish(QuestionTask.first(
                        run + "-" + p.id(), p.title(), p.content(), p.bestAnswer(), clock.instant()));
            }
            await("some results, then stop mid-run")
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() ->
                            RunCounts.read(infra.database().dataSource(), run).done() >= QUESTIONS / 4);
            assertThat(RunCounts.read(infra.database().dataSource(), run).done())
                    .as("stopped before the end")
                    .isLessThan(QUESTIONS);
            firstJob = rt.job().getJobID().toString();
        }

        try (Stack stack = stack(config, sim, pairs)) {
            var infra = stack.infra();
            var rt = stack.answers();
            assertThat(rt.restoredFrom())
                    .as("the scoring job restores the first run's last checkpoint")
                    .isNotNull()
                    .contains(firstJob);
            long restoredId = checkpointNumber(Path.of(rt.restoredFrom()));
            Path newJobDir = work.resolve("flink-checkpoints")
                    .resolve(rt.job().getJobID().toString());
            await("the restored job checkpoints, numbering on from the restored checkpoint")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> completedCheckpoints(newJobDir).stream().anyMatch(n -> n > 0));
            assertThat(completedCheckpoints(newJobDir))
                    .as("checkpoint ids of a job restored from chk-%d", restoredId)
                    .allSatisfy(n -> assertThat(n).isGreaterThan(restoredId));
            await("every question validated or dead-lettered")
                    .atMost(Duration.ofMinutes(6))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() ->
                            RunCounts.read(infra.database().dataSource(), run).done() >= QUESTIONS);
            RunCounts counts = RunCounts.read(infra.database().dataSource(), run);
            RunAudit audit = RunAudit.read(infra.clients(), run);
            assertThat(counts.done()).isEqualTo(QUESTIONS);
            assertThat(audit.duplicates())
                    .as("more than one result on answers.validated for a question")
                    .isZero();
            assertThat(audit.validatedRecords()).isEqualTo(counts.validated());
            assertThat(counts.maxAttempt()).isLessThanOrEqualTo(3);
            assertThat(audit.scoredTwice())
                    .as("attempts scored again after the restart (state or offsets not restored)")
                    .isZero();
        }
    }

    private static long checkpointNumber(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }

    private static List<Long> completedCheckpoints(Path jobDir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(jobDir)) {
            return List.of();
        }
        try (var entries = java.nio.file.Files.list(jobDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-")
                            && java.nio.file.Files.isRegularFile(p.resolve("_metadata")))
                    .map(AnswersResumeITCase::checkpointNumber)
                    .toList();
        }
    }

    /** What {@code sluice up} runs of the answers pipeline, on the same work dir each time. */
    private static Stack stack(SluiceConfig config, SimulatorSettings sim, List<QaPair> pairs) {
        var run =
                new AnswersSystem.Run(AnswersSystem.Part.pipeline(), "resume", 2, new LlmOptions().choice(sim, pairs));
        return Stack.builder(config).instance("resume").answers(run).start();
    }
}
