package dev.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenF1Test {
    private final TokenF1 f1 = new TokenF1();

    @Test
    void shouldIgnoreCaseArticlesAndPunctuation() {
        assertThat(f1.score("The cat sat on the mat.", "a CAT sat, on mat!")).isEqualTo(1.0);
    }

    /** Repeated words count only as often as in the other text ("yes yes yes" shares one "yes"). */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // reference          | candidate                | overlap | candidate words | reference words
                "Paris is the capital | capital is Paris, France | 3       | 4               | 3",
                "yes indeed           | yes yes yes              | 1       | 3               | 2",
            })
    void shouldBeTheHarmonicMeanOfPrecisionAndRecall(
            String reference, String candidate, int overlap, int candidateWords, int referenceWords) {
        double precision = (double) overlap / candidateWords;
        double recall = (double) overlap / referenceWords;
        assertThat(f1.score(reference, candidate))
                .isCloseTo(2 * precision * recall / (precision + recall), within(1e-9));
    }

    @Test
    void shouldScoreAnEmptyCandidateZero() {
        assertThat(f1.score("apples and pears", "")).isZero();
        assertThat(f1.score("apples and pears", "...the"))
                .as("no words after normalisation")
                .isZero();
        assertThat(f1.score("apples and pears", null)).isZero();
    }

    /** SQuAD's rule, so a stored token_f1 means the same as everywhere else; the answers job dead-letters these first. */
    @Test
    void shouldScoreAnEmptyReferenceZeroAndTwoEmptyTextsOne() {
        assertThat(f1.score(" The. ", "anything")).isZero();
        assertThat(f1.score("", "the")).isEqualTo(1.0);
        assertThat(f1.score(null, "")).isEqualTo(1.0);
    }

    @Test
    void shouldKeepWordsJoinedByPunctuationApart() {
        assertThat(Tokens.normalise("An Apple's a day—keeps THE doctor away!"))
                .containsExactly("apple", "s", "day", "keeps", "doctor", "away");
        assertThat(Tokens.normalise("the end.Start")).containsExactly("end", "start");
    }

    @Test
    void shouldBeStoredAsTokenF1() {
        assertThat(f1.name()).isEqualTo(TokenF1.NAME).isEqualTo("token_f1");
    }
}
