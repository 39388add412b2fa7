package dev.sluice.answers.analysis.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.analysis.timeline.QuestionTrace.Event;
import dev.sluice.answers.analysis.timeline.QuestionTrace.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionTraceTest {
    /** Sent at 0; attempt 1 fails (quota) and is retried, then answered but scores low; attempt 2 passes. */
    private static QuestionTrace retriedAndRegenerated() {
        return new QuestionTrace("q", 0)
                .add(new Event(Kind.PENDING, 10, 1, -1, -1, -1))
                .add(new Event(Kind.RETRY, 40, 1, 30, 5, 36)) // call 30..35, retry record committed at 40
                .add(new Event(Kind.PENDING, 1_040, 1, -1, -1, -1)) // back after the delay
                .add(new Event(Kind.ANSWER, 1_400, 1, 1_050, 300, -1)) // call 1050..1350
                .add(new Event(Kind.SCORED, 2_900, 1, -1, -1, 1_430))
                .add(new Event(Kind.PENDING, 2_900, 2, -1, -1, -1)) // regeneration, at the checkpoint
                .add(new Event(Kind.ANSWER, 3_300, 2, 2_920, 350, -1)) // call 2920..3270
                .add(new Event(Kind.SCORED, 4_900, 2, -1, -1, 3_320))
                .add(new Event(Kind.VALIDATED, 4_900, 2, -1, -1, 3_320))
                .stored(4_950);
    }

    @Test
    void shouldJoinEveryPassEventToEventSoTheStagesAddUpToTheEndToEndTime() {
        QuestionTrace.Split split = retriedAndRegenerated().stages();

        assertThat(split.problem()).isNull();
        assertThat(split.of(Stage.GATEWAY)).isEqualTo(10);
        assertThat(split.of(Stage.QUEUE)).isEqualTo((30 - 10) + (1_050 - 1_040) + (2_920 - 2_900));
        assertThat(split.of(Stage.LLM)).isEqualTo(5 + 300 + 350);
        assertThat(split.of(Stage.RETRY)).isEqualTo(1_040 - 35);
        assertThat(split.of(Stage.WORKER_COMMIT)).isEqualTo((1_400 - 1_350) + (3_300 - 3_270));
        assertThat(split.of(Stage.SCORING)).isEqualTo((1_430 - 1_400) + (3_320 - 3_300));
        assertThat(split.of(Stage.CHECKPOINT)).isEqualTo((2_900 - 1_430) + (4_900 - 3_320));
        assertThat(split.of(Stage.STORAGE)).isEqualTo(50);
        assertThat(split.total()).isEqualTo(4_950);
    }

    @Test
    void shouldNotLetThePollersEstimateOfTheStoredRowFallBeforeTheFinalAnswerWasSeen() {
        // the poller saw the row between two polls whose midpoint (4,890) precedes the watcher's
        // sighting of the final answer (4,900): storage cannot have stored it before that
        QuestionTrace t = retriedAndRegenerated().stored(4_890);

        assertThat(t.storedAt()).isEqualTo(4_900);
        QuestionTrace.Split split = t.stages();
        assertThat(split.problem()).isNull();
        assertThat(split.of(Stage.STORAGE)).isZero();
        assertThat(split.total()).isEqualTo(4_900);
    }

    @Test
    void shouldCountADeferralWithoutACallAsQueueWaitUntilItWasDeferred() {
        QuestionTrace t = new QuestionTrace("q", 0)
                .add(new Event(Kind.PENDING, 10, 1, -1, -1, -1))
                .add(new Event(Kind.RETRY, 60, 1, -1, -1, 50))
                .add(new Event(Kind.PENDING, 500, 1, -1, -1, -1))
                .add(new Event(Kind.ANSWER, 900, 1, 510, 300, -1))
                .add(new Event(Kind.SCORED, 2_000, 1, -1, -1, 950))
                .add(new Event(Kind.VALIDATED, 2_000, 1, -1, -1, 950))
                .stored(2_030);

        QuestionTrace.Split split = t.stages();

        assertThat(split.of(Stage.QUEUE)).isEqualTo(40 + 10);
        assertThat(split.of(Stage.RETRY)).isEqualTo(450);
        assertThat(split.total()).isEqualTo(2_030);
        assertThat(t.retries()).isEqualTo(1);
        assertThat(t.answers()).isEqualTo(1);
    }

    @Test
    void shouldNotSplitAQuestionWithARecordMissing() {
        assertThat(new QuestionTrace("q", 0).stages().problem()).contains("no task");
        QuestionTrace noRow = new QuestionTrace("q", 0)
                .add(new Event(Kind.PENDING, 10, 1, -1, -1, -1))
                .add(new Event(Kind.ANSWER, 900, 1, 510, 300, -1))
                .add(new Event(Kind.SCORED, 2_000, 1, -1, -1, 950))
                .add(new Event(Kind.VALIDATED, 2_000, 1, -1, -1, 950));
        assertThat(noRow.stages().problem()).contains("no stored row");
        QuestionTrace twoTasksOneOutput = new QuestionTrace("q", 0)
                .add(new Event(Kind.PENDING, 10, 1, -1, -1, -1))
                .add(new Event(Kind.PENDING, 20, 1, -1, -1, -1))
                .add(new Event(Kind.ANSWER, 900, 1, 510, 300, -1))
                .add(new Event(Kind.VALIDATED, 2_000, 1, -1, -1, 950))
                .stored(2_030);
        assertThat(twoTasksOneOutput.stages().problem()).contains("2 tasks but 1 worker outputs");
    }

    @Test
    void shouldTakeSharesFromTheMeansSoTheyAddUpToOne() {
        StageSummary s =
                StageSummary.of("low", List.of(retriedAndRegenerated().stages(), new QuestionTrace("x", 0).stages()));

        assertThat(s.questions()).isEqualTo(1);
        assertThat(s.endToEnd().mean()).isEqualTo(4_950);
        double shares = 0;
        for (Stage stage : Stage.values()) {
            shares += s.of(stage).share();
        }
        assertThat(shares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.of(Stage.CHECKPOINT).share())
                .isCloseTo(3_050 / 4_950.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
