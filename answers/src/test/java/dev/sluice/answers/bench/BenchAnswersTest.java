package dev.sluice.answers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.messages.GeneratedAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchAnswersTest {
    private static final List<QaPair> PAIRS = List.of(
            new QaPair("1", "t1", "c1", "same answer", "x"),
            new QaPair("2", "t2", "c2", "same answer", "x"),
            new QaPair("3", "t3", "c3", "third answer", "x"));

    @Test
    void shouldGiveEveryQuestionsFirstAttemptBeforeAnySecond() {
        List<GeneratedAnswer> answers = BenchAnswers.answers(PAIRS, 2, "q");
        assertThat(answers)
                .extracting(GeneratedAnswer::questionId)
                .containsExactly("q-1", "q-2", "q-3", "q-1", "q-2", "q-3");
        assertThat(answers).extracting(GeneratedAnswer::attempt).containsExactly(1, 1, 1, 2, 2, 2);
    }

    @Test
    void shouldNeverOfferTheReferenceItselfAsTheCandidate() {
        for (GeneratedAnswer a : BenchAnswers.answers(PAIRS, 2, "q")) {
            assertThat(a.answer()).as(a.questionId() + "#" + a.attempt()).isNotEqualTo(a.bestAnswer());
        }
    }
}
