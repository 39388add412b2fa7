package dev.sluice.answers.regeneration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NearIdenticalTest {
    private static final String ANSWER =
            "Boil the water for ten minutes, then let it cool in a clean covered pot before you drink it.";

    @Test
    void shouldTreatTheSameTextAsNearIdentical() {
        assertThat(NearIdentical.test(ANSWER, ANSWER, 0.8)).isTrue();
    }

    @Test
    void shouldIgnoreCasePunctuationSpacingAndArticles() {
        String same = "boil  water for TEN minutes; then let it cool in clean covered pot before you drink it";
        assertThat(NearIdentical.jaccard(ANSWER, same)).isEqualTo(1.0);
        assertThat(NearIdentical.test(ANSWER, same, 1.0)).isTrue();
    }

    @Test
    void shouldStopOnTheSameAnswerWithASentenceAdded() {
        String longer = ANSWER + " Hope this helps.";
        // 17 words in common out of 20: 0.85
        assertThat(NearIdentical.jaccard(ANSWER, longer)).isBetween(0.8, 0.9);
        assertThat(NearIdentical.test(ANSWER, longer, 0.8)).isTrue();
        assertThat(NearIdentical.test(ANSWER, longer, 0.9)).isFalse();
    }

    @Test
    void shouldNotStopOnARephrasingInOtherWords() {
        String rephrased = "Bring it to a rolling boil for several minutes and store it covered once cool.";
        assertThat(NearIdentical.jaccard(ANSWER, rephrased)).isLessThan(0.3);
        assertThat(NearIdentical.test(ANSWER, rephrased, 0.8)).isFalse();
    }

    @Test
    void shouldNeverStopWithoutAPreviousAnswer() {
        assertThat(NearIdentical.test("", ANSWER, 0.0)).isFalse();
        assertThat(NearIdentical.test(null, ANSWER, 0.0)).isFalse();
        assertThat(NearIdentical.test("  ", "  ", 0.0)).isFalse();
    }

    @Test
    void shouldCountTwoAnswersWithoutWordsAsTheSame() {
        assertThat(NearIdentical.test("!!!", "?!", 0.8)).isTrue();
    }

    @Test
    void settingsCanTurnTheStopOff() {
        assertThat(RegenerationSettings.DEFAULTS.repeats(ANSWER, ANSWER)).isTrue();
        assertThat(RegenerationSettings.DEFAULTS
                        .withNearIdentical(RegenerationSettings.OFF)
                        .repeats(ANSWER, ANSWER))
                .isFalse();
    }
}
