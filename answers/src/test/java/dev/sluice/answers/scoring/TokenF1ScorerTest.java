package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenF1ScorerTest {
    private final TokenF1Scorer scorer = new TokenF1Scorer();

    @Test
    void identicalTextsScoreOne() {
        assertThat(scorer.score("Water boils at 100 degrees.", "Water boils at 100 degrees."))
                .isEqualTo(1.0);
    }

    @Test
    void caseArticlesAndPunctuationDoNotCount() {
        assertThat(scorer.score("The cat sat on the mat.", "a CAT sat, on mat!"))
                .isEqualTo(1.0);
    }

    @Test
    void partialOverlapIsHarmonicMeanOfPrecisionAndRecall() {
        // reference: paris is capital (3); candidate: capital is paris france (4); overlap 3
        double precision = 3.0 / 4;
        double recall = 3.0 / 3;
        assertThat(scorer.score("Paris is the capital", "capital is Paris, France"))
                .isCloseTo(2 * precision * recall / (precision + recall), within(1e-9));
    }

    @Test
    void repeatedWordsCountOnlyAsOftenAsInTheOtherText() {
        // candidate "yes yes yes" shares one "yes" with the reference
        double precision = 1.0 / 3;
        double recall = 1.0 / 2;
        assertThat(scorer.score("yes indeed", "yes yes yes"))
                .isCloseTo(2 * precision * recall / (precision + recall), within(1e-9));
    }

    @Test
    void disjointOrEmptyCandidateScoresZero() {
        assertThat(scorer.score("apples and pears", "quantum chromodynamics")).isZero();
        assertThat(scorer.score("apples and pears", "")).isZero();
        assertThat(scorer.score("apples and pears", "...the")).isZero();
    }

    @Test
    void referenceWithoutWordsCannotBeScored() {
        assertThatThrownBy(() -> scorer.score(" The. ", "anything"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference");
    }

    @Test
    void tokensAreNormalised() {
        assertThat(TokenF1Scorer.tokens("An Apple's a day—keeps THE doctor away!"))
                .containsExactly("apple", "s", "day", "keeps", "doctor", "away");
    }

    @Test
    void hasAStableName() {
        assertThat(scorer.name()).isEqualTo("token_f1");
    }
}
