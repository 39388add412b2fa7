package dev.sluice.answers.analysis.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryCurvesTest {
    /*
     * Hand-computed example. Positives 0.9, 0.8, 0.4; negatives 0.7, 0.4, 0.1.
     * Mann-Whitney: 0.9 and 0.8 beat all three negatives (3 + 3); 0.4 loses to 0.7, ties 0.4 (1/2),
     * beats 0.1 (1): 7.5 of 9 pairs, AUC = 5/6.
     * Thresholds from the top: 0.9 -> tp 1 fp 0; 0.8 -> 2, 0; 0.7 -> 2, 1; 0.4 -> 3, 2; 0.1 -> 3, 3.
     * Precision there: 1, 1, 2/3, 3/5, 1/2. Average precision = 1/3 * 1 + 1/3 * 1 + 1/3 * 3/5 = 13/15
     * (scikit-learn's average_precision_score gives 0.8667 on the same input).
     */
    static final double[] POS = {0.9, 0.8, 0.4};
    static final double[] NEG = {0.7, 0.4, 0.1};

    @Test
    void shouldMatchTheHandComputedRocArea() {
        assertThat(BinaryCurves.of(POS, NEG).auc()).isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void shouldMatchTheHandComputedAveragePrecision() {
        assertThat(BinaryCurves.of(POS, NEG).averagePrecision()).isCloseTo(13.0 / 15, within(1e-12));
    }

    @Test
    void shouldPutOnePointPerDistinctScoreWithTiesEnteringTogether() {
        List<BinaryCurves.Point> points = BinaryCurves.of(POS, NEG).points();
        assertThat(points)
                .extracting(BinaryCurves.Point::threshold)
                .containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.4, 0.1);
        assertThat(points).extracting(p -> p.fpr() * 3).containsExactly(0.0, 0.0, 0.0, 1.0, 2.0, 3.0);
        assertThat(points).extracting(p -> p.tpr() * 3).containsExactly(0.0, 1.0, 2.0, 2.0, 3.0, 3.0);
        assertThat(points.get(4).precision()).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void shouldPassScoresAtOrAboveTheThresholdAsTheScoringJobDoes() {
        BinaryCurves c = BinaryCurves.of(POS, NEG);
        BinaryCurves.Point at = c.at(0.4);
        assertThat(at.tpr()).isEqualTo(1.0);
        assertThat(at.fpr()).isCloseTo(2.0 / 3, within(1e-12));
        // at 0.5: tpr 2/3, fpr 1/3, precision 2/3 -> J 1/3, F1 2/3
        assertThat(c.youden(0.5)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(c.f1(0.5)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.f1(0.95)).isZero();
        assertThat(BinaryCurves.passRate(NEG, 0.4)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void shouldGiveOneForPerfectSeparationZeroForReversedAndAHalfForTies() {
        assertThat(BinaryCurves.of(new double[] {0.8, 0.9}, new double[] {0.1, 0.2})
                        .auc())
                .isEqualTo(1.0);
        assertThat(BinaryCurves.of(new double[] {0.8, 0.9}, new double[] {0.1, 0.2})
                        .averagePrecision())
                .isEqualTo(1.0);
        assertThat(BinaryCurves.of(new double[] {0.1, 0.2}, new double[] {0.8, 0.9})
                        .auc())
                .isEqualTo(0.0);
        assertThat(BinaryCurves.of(new double[] {0.5, 0.5}, new double[] {0.5}).auc())
                .isEqualTo(0.5);
    }

    @Test
    void shouldRefuseEmptySidesAndNaN() {
        assertThatThrownBy(() -> BinaryCurves.of(new double[0], NEG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one positive");
        assertThatThrownBy(() -> BinaryCurves.of(POS, new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }
}
