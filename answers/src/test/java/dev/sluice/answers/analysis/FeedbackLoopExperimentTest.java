package dev.sluice.answers.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.answers.messages.StopReason;
import dev.sluice.answers.regeneration.RegenerationPolicy;
import dev.sluice.answers.regeneration.RegenerationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackLoopExperimentTest {
    private static final RegenerationPolicy CAP_3 = new RegenerationPolicy(0.5, 3, RegenerationSettings.DEFAULTS);
    private static final long[] LATENCIES = {100, 200, 300, 400, 500};

    @Test
    void shouldReplayTheLoopStoppingOnARepeat() {
        var same = new FeedbackLoopExperiment.Draws(
                new String[] {"a cat", "a cat", "a cat", "a cat", "a cat"},
                new double[] {0.2, 0.2, 0.2, 0.2, 0.2},
                LATENCIES);
        assertThat(FeedbackLoopExperiment.replay(same, CAP_3))
                .isEqualTo(new FeedbackLoopExperiment.Outcome(0.2, false, 2, 200, StopReason.NEAR_IDENTICAL));
    }

    @Test
    void shouldReplayTheLoopUntilAnAttemptPasses() {
        var better = new FeedbackLoopExperiment.Draws(
                new String[] {"one thing", "another thing entirely", "the right answer", "x", "y"},
                new double[] {0.3, 0.1, 0.9, 0, 0},
                LATENCIES);
        assertThat(FeedbackLoopExperiment.replay(better, CAP_3))
                .isEqualTo(new FeedbackLoopExperiment.Outcome(0.9, true, 3, 500, StopReason.PASSED));
    }

    @Test
    void shouldKeepTheBestAttemptAtTheCap() {
        var never = new FeedbackLoopExperiment.Draws(
                new String[] {"one thing", "another thing entirely", "something else", "x", "y"},
                new double[] {0.3, 0.1, 0.2, 0, 0},
                LATENCIES);
        assertThat(FeedbackLoopExperiment.replay(never, CAP_3))
                .isEqualTo(new FeedbackLoopExperiment.Outcome(0.3, false, 3, 500, StopReason.MAX_ATTEMPTS));
    }

    @Test
    void quickRunWritesEveryTableAndChart(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        Section s = new FeedbackLoopExperiment()
                .run(new ExperimentContext(dir, true, 42, Path.of("../../shared/data/yahoo"), log::add));

        assertThat(s.id()).isEqualTo("feedback-loop");
        assertThat(s.files())
                .hasSize(6)
                .allSatisfy(f -> assertThat(Files.size(f)).isPositive());
        for (Path f : s.files()) {
            if (f.toString().endsWith(".png")) {
                assertThat(s.markdown()).contains("](" + f.getFileName() + ")");
            }
        }
        assertThat(s.markdown()).contains("LLM simulator").contains("**Answer.**");
        assertThat(Files.readAllLines(dir.resolve("feedback-loop.csv")))
                .as("header + 3 modes x stop on/off x 4 caps")
                .hasSize(1 + 3 * 2 * 4);
        double failedFirst = 1 - (double) s.numbers().get("same_answer_pass_rate_1");
        assertThat(failedFirst).as("some questions need the loop").isPositive();
        assertThat((double) s.numbers().get("same_answer_calls_per_question_5"))
                .as("with a model that repeats itself, one regeneration per question that failed its first attempt")
                .isCloseTo(1 + failedFirst, within(1e-9));
        assertThat((double) s.numbers().get("same_answer_calls_per_question_5_without_stop"))
                .as("the loop before the stop paid the whole cap for each of them")
                .isCloseTo(1 + 4 * failedFirst, within(1e-9));
    }
}
