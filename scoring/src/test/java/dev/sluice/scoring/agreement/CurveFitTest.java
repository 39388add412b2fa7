package dev.sluice.scoring.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.scoring.CompositeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CurveFitTest {

    @Test
    void nnlsShouldMatchAHandSolvedCase() {
        // minimise |y - X b|^2 with X = [[1,0],[0,1],[1,1]], y = (1, -1, 1): the unconstrained optimum
        // has b2 < 0, so b2 = 0 and b1 = (1 + 1) / 2 = 1.
        double[][] gram = {{2, 1}, {1, 2}};
        double[] c = {2, 0};
        double[] b = CurveFit.nnls(gram, c);
        assertThat(b[0]).isCloseTo(1.0, within(1e-9));
        assertThat(b[1]).isZero();
    }

    @Test
    void nnlsWithInterceptShouldRecoverAnExactNonNegativeFit() {
        double[] x1 = {0, 1, 2, 3, 4, 5};
        double[] x2 = {1, 0, 1, 0, 1, 0};
        double[] y = new double[6];
        for (int i = 0; i < y.length; i++) {
            y[i] = 7 + 2 * x1[i] + 0.5 * x2[i];
        }
        double[] b = CurveFit.nnlsWithIntercept(List.of(x1, x2), y);
        assertThat(b[0]).isCloseTo(2.0, within(1e-9));
        assertThat(b[1]).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldPlaceKnotsAtRoundedQuantilesBetweenZeroAndOne() {
        double[] scores = new double[101];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 0.5 + 0.5 * i / 100.0;
        }
        assertThat(CurveFit.knots(scores, 4)).containsExactly(0, 0.63, 0.75, 0.88, 1);
        assertThat(CurveFit.knots(scores, 1)).containsExactly(0, 1);
    }

    /**
     * People's score depends on metric a only at the low end (it saturates) and on b only at the
     * high end; no weighted mean of a and b ranks that right, the curves do.
     */
    @Test
    void shouldBeatTheBestWeightedMeanWhenMetricsMatterInDifferentRanges() {
        Random random = new Random(7);
        int n = 3000;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] noise = new double[n];
        double[] human = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextDouble();
            b[i] = random.nextDouble();
            noise[i] = random.nextDouble();
            human[i] = Math.min(a[i], 0.4) + Math.max(b[i] - 0.6, 0) + 0.02 * random.nextGaussian();
        }
        Map<String, double[]> metrics = new LinkedHashMap<>();
        metrics.put("a", a);
        metrics.put("b", b);
        metrics.put("noise", noise);

        CurveFit.Result fit = CurveFit.crossValidated(metrics, human);
        double[] composite = new CompositeConfig(fit.weights(), 0.5, fit.curves()).combine(metrics, n);
        double curves = Agreement.spearman(composite, human);
        double weightedMean = WeightFit.fit(metrics, human, 0.05).spearman();

        assertThat(fit.weights().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(1.0, within(1e-9));
        assertThat(fit.weights().get("noise")).isLessThan(0.02);
        assertThat(fit.segments()).isGreaterThan(1);
        assertThat(fit.crossValidation()).containsKeys(1, 2, 4);
        // a third of the pairs sit where neither metric matters (a > 0.4, b < 0.6): noise caps rho there
        assertThat(curves).isGreaterThan(0.9).isGreaterThan(weightedMean + 0.05);
        // a's curve is flat above 0.4, b's flat below 0.6
        assertThat(fit.curves().get("a").apply(0.9) - fit.curves().get("a").apply(0.5))
                .isLessThan(0.05);
        assertThat(fit.curves().get("b").apply(0.5)).isLessThan(0.1);
    }

    @Test
    void shouldGiveWeightZeroToAMetricThatRunsAgainstPeople() {
        double[] human = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Map<String, double[]> metrics = new LinkedHashMap<>();
        metrics.put("good", new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0});
        metrics.put("backwards", new double[] {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1});
        CurveFit.Result fit = CurveFit.fit(metrics, human, 1);
        assertThat(fit.weights()).containsEntry("good", 1.0).containsEntry("backwards", 0.0);
        assertThat(fit.curves()).containsOnlyKeys("good");
    }
}
