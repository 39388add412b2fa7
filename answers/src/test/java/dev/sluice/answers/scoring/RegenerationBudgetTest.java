package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.answers.regeneration.RegenerationSettings;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RegenerationBudgetTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void shouldGrantUpToTheBudgetThenStoreTheBestSoFarWithTheReason() throws Exception {
        try (var harness = harness(2)) {
            for (int q = 1; q <= 4; q++) {
                harness.processElement(new StreamRecord<>(request("q" + q)));
            }

            assertThat(harness.extractOutputValues())
                    .extracting(QuestionTask::questionId)
                    .containsExactly("q1", "q2");
            assertThat(refused(harness))
                    .extracting(v -> v.questionId() + ":" + v.stopReason() + ":" + v.passed())
                    .containsExactly("q3:budget-spent:false", "q4:budget-spent:false");
        }
    }

    @Test
    void shouldKeepTheCountAcrossARestoreFromSnapshot() throws Exception {
        var harness = harness(2);
        harness.processElement(new StreamRecord<>(request("q1")));
        var snapshot = harness.snapshot(1, 0);
        harness.close();

        try (var restored = harness(2, snapshot)) {
            restored.processElement(new StreamRecord<>(request("q2")));
            restored.processElement(new StreamRecord<>(request("q3")));

            assertThat(restored.extractOutputValues())
                    .extracting(QuestionTask::questionId)
                    .containsExactly("q2");
            assertThat(refused(restored))
                    .extracting(ValidatedAnswer::questionId)
                    .containsExactly("q3");
        }
    }

    @Test
    void shouldGrantEverythingWithoutABudget() throws Exception {
        try (var harness = harness(RegenerationSettings.UNLIMITED)) {
            for (int q = 1; q <= 100; q++) {
                harness.processElement(new StreamRecord<>(request("q" + q)));
            }
            assertThat(harness.extractOutputValues()).hasSize(100);
            assertThat(refused(harness)).isEmpty();
        }
    }

    @Test
    void shouldRefuseEveryRegenerationWithABudgetOfZero() throws Exception {
        try (var harness = harness(0)) {
            harness.processElement(new StreamRecord<>(request("q1")));
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(refused(harness)).hasSize(1);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, RegenerationRequest, QuestionTask> harness(
            long budget) throws Exception {
        return harness(budget, null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, RegenerationRequest, QuestionTask> harness(
            long budget, org.apache.flink.runtime.checkpoint.OperatorSubtaskState state) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RegenerationBudget(budget)), RegenerationBudget.ONE_COUNTER, Types.INT);
        if (state != null) {
            harness.initializeState(state);
        }
        harness.open();
        return harness;
    }

    private static List<ValidatedAnswer> refused(
            KeyedOneInputStreamOperatorTestHarness<Integer, RegenerationRequest, QuestionTask> harness) {
        var records = harness.getSideOutput(RegenerationBudget.REFUSED);
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).toList();
    }

    private static RegenerationRequest request(String questionId) {
        QuestionTask task =
                new QuestionTask(questionId, "title", "", "reference", 2, 0, 0, T, "an answer off the mark");
        ValidatedAnswer best = new ValidatedAnswer(
                questionId,
                "title",
                "",
                "reference",
                "an answer off the mark",
                0.1,
                1,
                1,
                false,
                "sim",
                T,
                T,
                "budget-spent");
        return new RegenerationRequest(task, best);
    }
}
