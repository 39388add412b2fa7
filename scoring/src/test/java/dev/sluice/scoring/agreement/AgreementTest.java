package dev.sluice.scoring.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void pearsonShouldMatchHandComputedValue() {
        // x = 1,2,3,4 (mean 2.5), y = 2,1,4,3 (mean 2.5)
        // dx = -1.5,-.5,.5,1.5 ; dy = -.5,-1.5,1.5,.5 ; sxy = .75+.75+.75+.75 = 3 ; sxx = syy = 5 -> r = 0.6
        assertThat(Agreement.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 1, 4, 3}))
                .isCloseTo(0.6, within(1e-12));
    }

    @Test
    void ranksShouldAverageTies() {
        assertThat(Agreement.ranks(new double[] {10, 20, 20, 5})).containsExactly(2, 3.5, 3.5, 1);
    }

    @Test
    void spearmanShouldMatchHandComputedValueWithTies() {
        // x = 1,2,2,3 -> ranks 1,2.5,2.5,4 ; y = 1,3,2,4 -> ranks 1,3,2,4
        // rx mean 2.5: dx = -1.5,0,0,1.5 ; ry: dy = -1.5,.5,-.5,1.5
        // sxy = 2.25+0+0+2.25 = 4.5 ; sxx = 4.5 ; syy = 2.25+.25+.25+2.25 = 5 -> 4.5/sqrt(22.5) = 0.9486833
        assertThat(Agreement.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}))
                .isCloseTo(4.5 / Math.sqrt(22.5), within(1e-12));
    }

    @Test
    void spearmanShouldBeOneForAnyMonotonicRelation() {
        assertThat(Agreement.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 8, 27, 64}))
                .isCloseTo(1.0, within(1e-12));
        assertThat(Agreement.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}))
                .isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void shouldReportNaNForConstantColumnAndRejectMismatchedInput() {
        assertThat(Agreement.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3}))
                .isNaN();
        assertThatThrownBy(() -> Agreement.spearman(new double[] {1, 2}, new double[] {1}))
                .hasMessageContaining("paired");
    }
}
