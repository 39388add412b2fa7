package dev.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LexicalMetricsTest {

    static List<Scorer> lexical() {
        return List.of(new TokenF1(), new RougeL());
    }

    private static final String REF = "The capital of France is Paris, a city on the Seine.";

    @ParameterizedTest
    @MethodSource("lexical")
    void shouldOrderIdenticalAboveParaphraseAboveUnrelated(Scorer s) {
        double identical = s.score(REF, REF);
        double paraphrase = s.score(REF, "Paris is the capital city of France and lies on the Seine.");
        double unrelated = s.score(REF, "Bake the cookies for twelve minutes at 180 degrees.");
        assertThat(identical).isEqualTo(1.0);
        assertThat(paraphrase).isLessThan(identical).isGreaterThan(unrelated);
        assertThat(unrelated).isZero();
    }

    @ParameterizedTest
    @MethodSource("lexical")
    void shouldTreatEmptyInputLikeSquad(Scorer s) {
        assertThat(s.score("", "")).isEqualTo(1.0);
        assertThat(s.score("  ...  ", "the")).isEqualTo(1.0); // nothing left after normalisation on both sides
        assertThat(s.score(REF, "")).isZero();
        assertThat(s.score("", REF)).isZero();
    }

    @ParameterizedTest
    @MethodSource("lexical")
    void shouldScoreVeryLongInputWithinBounds(Scorer s) {
        String longText = "water boils at one hundred degrees ".repeat(3_000); // 15k tokens
        double v = s.score(longText, longText + " at sea level");
        assertThat(v).isBetween(0.99, 1.0);
    }

    @ParameterizedTest
    @MethodSource("lexical")
    void shouldSurviveNonAsciiAndMojibake(Scorer s) {
        assertThat(s.score("Le café est très bon — 日本語も", "le CAFÉ est très bon, 日本語も!"))
                .isEqualTo(1.0);
        // "donΓÇÖt" is "don’t" read as code page 437 (as in the Yahoo! data): repaired, so it matches the clean text
        assertThat(s.score("I don’t know, café", "I donΓÇÖt know, caf├⌐")).isEqualTo(1.0);
        assertThat(s.score("\uFFFD\u0000\uD83D\uDE00 ok", "ok")).isBetween(0.0, 1.0);
    }

    @Test
    void shouldTreatLiteralBackslashNAsSpace() {
        assertThat(Tokens.normalise("first line\\nsecond line")).containsExactly("first", "line", "second", "line");
    }

    @Test
    void shouldDropArticlesAndPunctuation() {
        assertThat(Tokens.normalise("The cat, an apple & a dog!")).containsExactly("cat", "apple", "dog");
    }

    @Test
    void tokenF1ShouldMatchHandComputedValue() {
        // ref tokens: cat sat mat (article dropped), cand: cat sat hat rug; common 2 -> P=2/4, R=2/3, F1=4/7
        assertThat(new TokenF1().score("The cat sat mat", "cat sat hat rug")).isCloseTo(4.0 / 7, within(1e-9));
    }

    @Test
    void rougeLShouldRewardOrderThatTokenF1Ignores() {
        String ref = "dog bites man";
        String reversed = "man bites dog";
        assertThat(new TokenF1().score(ref, reversed)).isEqualTo(1.0);
        // LCS("dog bites man","man bites dog") = 1 ("bites"); P = R = 1/3
        assertThat(new RougeL().score(ref, reversed)).isCloseTo(1.0 / 3, within(1e-9));
    }
}
