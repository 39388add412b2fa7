package dev.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        Composite c = new Composite(
                List.of(new TokenF1(), new RougeL()),
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
        Composite c = new Composite(
                List.of(new TokenF1(), new RougeL()),
                new CompositeConfig(Map.of(TokenF1.NAME, 0.4, RougeL.NAME, 0.6), 0.5));
        for (String cand : List.of("", "\\n\\n", "caf├⌐", "x ".repeat(5000), "The reference itself")) {
            assertThat(c.score("The reference itself", cand)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void shouldSkipMetricsWithZeroWeightButReportThemInDetail() {
        Composite c = new Composite(
                List.of(new TokenF1(), new Fixed("never", 0.3)),
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
                .hasMessageContaining("token_f1")
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new CompositeConfig(Map.of("token_f1", 0.0), 0.5))
                .hasMessageContaining("all 0");
        assertThatThrownBy(() -> new CompositeConfig(Map.of("token_f1", 1.0), 1.5))
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> new Composite(List.of(new TokenF1()), new CompositeConfig(Map.of("rouge", 1.0), 0.5)))
                .hasMessageContaining("rouge")
                .hasMessageContaining("token_f1");
    }

    @Test
    void shouldMapEachMetricThroughItsCurveBeforeWeighting() {
        MonotoneCurve saturating = MonotoneCurve.of(new double[] {0, 0.5, 1}, new double[] {0, 1, 1});
        CompositeConfig config = new CompositeConfig(Map.of("a", 1.0, "b", 1.0), 0.5, Map.of("a", saturating));
        double[] out = config.combine(Map.of("a", new double[] {0.25, 0.8}, "b", new double[] {0.4, 0.4}), 2);
        // a: 0.25 -> 0.5, 0.8 -> 1 (flat above 0.5); b has no curve and enters raw
        assertThat(out[0]).isCloseTo((0.5 + 0.4) / 2, within(1e-12));
        assertThat(out[1]).isCloseTo((1.0 + 0.4) / 2, within(1e-12));
    }

    @Test
    void defaultCompositeShouldStayWithinUnitIntervalAndNeverFallWhenAMetricRises() {
        CompositeConfig config = StandardMetrics.DEFAULT_CONFIG;
        Random random = new Random(42);
        int n = 2000;
        Map<String, double[]> low = new LinkedHashMap<>();
        Map<String, double[]> high = new LinkedHashMap<>();
        for (String metric : config.weights().keySet()) {
            double[] l = new double[n];
            double[] h = new double[n];
            for (int i = 0; i < n; i++) {
                l[i] = random.nextDouble() * 1.4 - 0.2; // a little outside [0, 1] on purpose
                h[i] = l[i] + random.nextDouble() * 0.3;
            }
            low.put(metric, l);
            high.put(metric, h);
        }
        double[] a = config.combine(low, n);
        double[] b = config.combine(high, n);
        for (int i = 0; i < n; i++) {
            assertThat(a[i]).isBetween(0.0, 1.0);
            assertThat(b[i]).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(a[i]);
        }
        Map<String, double[]> perfect = new LinkedHashMap<>();
        Map<String, double[]> nothing = new LinkedHashMap<>();
        config.weights().keySet().forEach(m -> {
            perfect.put(m, new double[] {1});
            nothing.put(m, new double[] {0});
        });
        assertThat(config.combine(perfect, 1)[0]).isCloseTo(1.0, within(1e-12));
        assertThat(config.combine(nothing, 1)[0]).isEqualTo(0.0);
    }

    @Test
    void configShouldSurviveJavaSerialisationWithItsCurves() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(StandardMetrics.DEFAULT_CONFIG);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(StandardMetrics.DEFAULT_CONFIG);
        }
    }

    @Test
    void withThresholdShouldKeepWeightsAndCurves() {
        CompositeConfig c = StandardMetrics.DEFAULT_CONFIG.withThreshold(0.42);
        assertThat(c.threshold()).isEqualTo(0.42);
        assertThat(c.weights()).isEqualTo(StandardMetrics.DEFAULT_CONFIG.weights());
        assertThat(c.curves()).isEqualTo(StandardMetrics.DEFAULT_CONFIG.curves());
    }

    @Test
    void shouldRejectACurveForAMetricWithoutWeight() {
        assertThatThrownBy(() ->
                        new CompositeConfig(Map.of("token_f1", 1.0), 0.5, Map.of("rouge_l", MonotoneCurve.IDENTITY)))
                .hasMessageContaining("rouge_l")
                .hasMessageContaining("token_f1");
    }
}
