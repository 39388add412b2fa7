package dev.sluice.answers.regeneration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.AnswersSettings;
import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.LlmChoice;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.gateway.QuestionStore;
import dev.sluice.answers.gateway.StoredAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.simulator.QualityModel;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.test.FlinkExtension;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's done-when for the feedback loop: "with an LLM that returns the same answer on every
 * call, a question costs at most one regeneration". The real pipeline (embedded Kafka broker, Flink
 * MiniCluster running the scoring job, PostgreSQL, LLM workers calling the LLM simulator over HTTP),
 * with the simulator in same-answer mode and a quality model whose answers never pass: before the
 * near-identical stop each question went round the loop to the cap (5 attempts here).
 */
class SameAnswerFeedbackLoopITCase {
    private static final int QUESTIONS = 40;
    private static final int MAX_ATTEMPTS = 5;

    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static FlinkExtension flink = new FlinkExtension();

    @TempDir
    Path work;

    @Test
    void shouldCostAtMostOneRegenerationPerQuestionWhenTheLlmRepeatsItself() throws Exception {
        AnswersSettings settings = AnswersSettings.from(
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(),
                        Map.of(
                                "work-dir", work.toString(),
                                "flink.checkpoint-interval", "500ms",
                                // token F1 needs no model; at 0.9 only a near copy of the reference passes
                                "answers.scorer", "token_f1",
                                "answers.threshold", "0.9",
                                "answers.max-attempts", String.valueOf(MAX_ATTEMPTS),
                                "answers.regeneration.near-identical", "0.8")),
                kafka.bootstrapServers());
        // partial or off-topic answers only (never near the reference), the same one on every call
        SimulatorSettings sim = SimulatorSettings.defaults(11)
                .withQuality(new QualityModel(0.0, 0.6, 0.5).withRegeneration(QualityModel.Regeneration.REPEATS));
        List<QaPair> pairs = SampleDataset.pairs(QUESTIONS, SampleDataset.DEFAULT_SEED);
        DataSource db = postgres.database().dataSource();
        var run = new AnswersSystem.Run(
                AnswersSystem.Part.pipeline(),
                "feedback-itcase",
                1,
                new LlmChoice.Simulator(sim, pairs, Duration.ofSeconds(10), 8));

        try (AnswersSystem system = AnswersSystem.start(
                        kafka.clients(),
                        db,
                        flink.cluster(),
                        settings,
                        run,
                        Clock.systemUTC(),
                        new SimpleMeterRegistry());
                KafkaQuestionPublisher publisher =
                        new KafkaQuestionPublisher(kafka.clients(), "feedback-itcase", Duration.ofSeconds(30))) {
            assertThat(system.simulator().stats()).isNotNull();
            for (QaPair p : pairs) {
                publisher.publish(QuestionTask.first(
                        "same-" + p.id(),
                        p.title(),
                        p.content(),
                        p.bestAnswer(),
                        Clock.systemUTC().instant()));
            }

            await("every question stored")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> results(db).size() == QUESTIONS && attemptRows(db) >= 2 * QUESTIONS);

            List<Result> results = results(db);
            assertThat(results)
                    .as("a question costs at most one regeneration: attempts <= 2")
                    .allSatisfy(r -> assertThat(r.attempts()).isLessThanOrEqualTo(2));
            assertThat(results)
                    .as("none passes, and each stops because the regeneration repeated the first answer")
                    .allSatisfy(r -> {
                        assertThat(r.passed()).isFalse();
                        assertThat(r.attempts()).isEqualTo(2);
                        assertThat(r.stopReason()).isEqualTo("near-identical");
                    });
            assertThat(attemptRows(db))
                    .as("exactly one paid regeneration per question, and no third attempt ever generated")
                    .isEqualTo(2 * QUESTIONS);
            StoredAnswer shown = new QuestionStore(db, QuestionStore.DEFAULT_LEASE)
                    .findAnswer(results.get(0).questionId())
                    .orElseThrow();
            assertThat(shown.stopReason())
                    .as("what GET /api/questions/{id} shows")
                    .isEqualTo("near-identical");
        }
    }

    private record Result(String questionId, int attempts, boolean passed, String stopReason) {}

    private static List<Result> results(DataSource db) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT question_id, attempts, passed, stop_reason FROM answers.questions"
                        + " WHERE question_id LIKE 'same-%' ORDER BY question_id")) {
            List<Result> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Result(rs.getString(1), rs.getInt(2), rs.getBoolean(3), rs.getString(4)));
            }
            return out;
        }
    }

    private static int attemptRows(DataSource db) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM answers.attempts WHERE question_id LIKE 'same-%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
