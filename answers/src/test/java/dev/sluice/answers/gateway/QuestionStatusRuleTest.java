package dev.sluice.answers.gateway;

import static dev.sluice.answers.gateway.QuestionStore.derive;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status rule alone: derived from what is stored, whatever order storage read it in. */
class QuestionStatusRuleTest {

    @Test
    void aResultOrADeadLetterShouldBeFinalWhateverRetriesArriveLater() {
        assertThat(derive(true, false, 1, 3, true)).isEqualTo(QuestionStatus.VALIDATED);
        assertThat(derive(true, true, 0, 2, true)).isEqualTo(QuestionStatus.VALIDATED);
        assertThat(derive(false, true, 0, 5, true)).isEqualTo(QuestionStatus.DEAD);
    }

    @Test
    void shouldBeRetryingWhileTheFurthestAttemptHasARetryAndNoScore() {
        assertThat(derive(false, false, 0, 1, true)).isEqualTo(QuestionStatus.RETRYING);
        assertThat(derive(false, false, 0, 1, false))
                .as("published straight to Kafka, no gateway row")
                .isEqualTo(QuestionStatus.RETRYING);
        assertThat(derive(false, false, 1, 2, true))
                .as("the regeneration's call failed")
                .isEqualTo(QuestionStatus.RETRYING);
    }

    @Test
    void shouldBeRegeneratingOnceTheRetriedAttemptIsScored() {
        assertThat(derive(false, false, 1, 1, true)).isEqualTo(QuestionStatus.REGENERATING);
        assertThat(derive(false, false, 2, 1, true)).isEqualTo(QuestionStatus.REGENERATING);
    }

    @Test
    void shouldBeQueuedWithNothingButTheRequestAndUnknownWithNothingAtAll() {
        assertThat(derive(false, false, 0, 0, true)).isEqualTo(QuestionStatus.QUEUED);
        assertThat(derive(false, false, 0, 0, false)).isNull();
    }
}
