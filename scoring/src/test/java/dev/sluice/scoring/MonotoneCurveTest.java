package dev.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MonotoneCurveTest {

    private final MonotoneCurve curve = MonotoneCurve.of(new double[] {0, 0.5, 0.8, 1}, new double[] {0, 0.9, 0.9, 1});

    @Test
    void shouldInterpolateLinearlyBetweenKnots() {
        assertThat(curve.apply(0)).isEqualTo(0.0);
        assertThat(curve.apply(0.25)).isCloseTo(0.45, within(1e-12));
        assertThat(curve.apply(0.5)).isCloseTo(0.9, within(1e-12));
        assertThat(curve.apply(0.65)).isCloseTo(0.9, within(1e-12));
        assertThat(curve.apply(0.9)).isCloseTo(0.95, within(1e-12));
        assertThat(curve.apply(1)).isEqualTo(1.0);
    }

    @Test
    void shouldClampScoresOutsideTheUnitIntervalAndTreatNanAsZero() {
        assertThat(curve.apply(-3)).isEqualTo(0.0);
        assertThat(curve.apply(7)).isEqualTo(1.0);
        assertThat(curve.apply(Double.NaN)).isEqualTo(0.0);
    }

    @Test
    void shouldNeverDecreaseAsTheScoreGrows() {
        double previous = -1;
        for (int i = 0; i <= 1000; i++) {
            double v = curve.apply(i / 1000.0);
            assertThat(v).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = v;
        }
    }

    @Test
    void identityShouldReturnTheScore() {
        assertThat(MonotoneCurve.IDENTITY.apply(0.37)).isCloseTo(0.37, within(1e-12));
    }

    @Test
    void shouldRejectCurvesThatAreNotMonotoneMapsOfTheUnitInterval() {
        assertThatThrownBy(() -> MonotoneCurve.of(new double[] {0, 0.3, 0.6, 1}, new double[] {0, 0.6, 0.5, 1}))
                .hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> MonotoneCurve.of(new double[] {0, 0.5, 0.5, 1}, new double[] {0, 0.2, 0.3, 1}))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> MonotoneCurve.of(new double[] {0.1, 1}, new double[] {0, 1}))
                .hasMessageContaining("first x 0 and last x 1");
        assertThatThrownBy(() -> MonotoneCurve.of(new double[] {0, 1}, new double[] {0, 0.8}))
                .hasMessageContaining("y 0 to y 1");
        assertThatThrownBy(() -> MonotoneCurve.of(new double[] {0, 1}, new double[] {0, 0.5, 1}))
                .hasMessageContaining("as many y as x");
    }
}
