package dev.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeTest {

    /** A metric with a fixed, deliberately out-of-range answer, to prove the clamp. */
    private record Fixed(String name, double value) implements Scorer {
        @Override
        public double score(String reference, String candidate) {
            return value;
        }
    }

    @Test
    void shouldBeWeightedMeanOfMetrics() {
        Composite c = new Composite(List.of(new TokenF1(), new RougeL()),
                new CompositeConfig(Map.of(TokenF1.NAME, 3.0, RougeL.NAME, 1.0), 0.5));
        // token F1 = 1, ROUGE-L = 1/3 -> (3*1 + 1*1/3) / 4
        assertThat(c.score("dog bites man", "man bites dog")).isCloseTo((3 + 1.0 / 3) / 4, within(1e-9));
    }

    @Test
    void shouldStayWithinUnitIntervalEvenIfAMetricMisbehaves() {
        Composite high = new Composite(List.of(new Fixed("x", 7.0)), new CompositeConfig(Map.of("x", 1.0), 0.5));
        Composite low = new Composite(List.of(new Fixed("x", -2.0)), new CompositeConfig(Map.of("x", 1.0), 0.5));
        assertThat(high.score("a", "b")).isEqualTo(1.0);
        assertThat(low.score("a", "b")).isEqualTo(0.0);
    }

    @Test
    void shouldStayWithinUnitIntervalOnAwkwardInputs() {
        Composite c = new Composite(List.of(new TokenF1(), new RougeL()),
                new CompositeConfig(Map.of(TokenF1.NAME, 0.4, RougeL.NAME, 0.6), 0.5));
        for (String cand : List.of("", "\\n\\n", "cafÃ©", "x ".repeat(5000), "The reference itself")) {
            assertThat(c.score("The reference itself", cand)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldSkipMetricsWithZeroWeightButReportThemInDetail() {
        Composite c = new Composite(List.of(new TokenF1(), new Fixed("never", 0.3)),
                new CompositeConfig(Map.of(TokenF1.NAME, 1.0, "never", 0.0), 0.5));
        Map<String, double[]> detail = c.scoreAllDetailed(List.of(new Pair("a b", "a b")));
        assertThat(detail).containsOnlyKeys(TokenF1.NAME, "never", Composite.NAME);
        assertThat(detail.get(Composite.NAME)[0]).isEqualTo(1.0);
        assertThat(c.passes(0.5)).isTrue();
        assertThat(c.passes(0.49)).isFalse();
    }

    @Test
    void shouldRejectBadConfigWithAMessageThatSaysWhatToFix() {
        assertThatThrownBy(() -> new CompositeConfig(Map.of("token_f1", -1.0), 0.5))
                .hasMessageContaining("token_f1").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new CompositeConfig(Map.of("token_f1", 0.0), 0.5)).hasMessageContaining("all 0");
        assertThatThrownBy(() -> new CompositeConfig(Map.of("token_f1", 1.0), 1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new Composite(List.of(new TokenF1()), new CompositeConfig(Map.of("rouge", 1.0), 0.5)))
                .hasMessageContaining("rouge").hasMessageContaining("token_f1");
    }
}
