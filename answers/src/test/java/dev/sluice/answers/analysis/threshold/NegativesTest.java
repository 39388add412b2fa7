package dev.sluice.answers.analysis.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NegativesTest {
    // unit vectors: 0 and 1 nearly the same direction, 2 and 3 nearly the same, the pairs orthogonal
    static final float[][] TITLES = {
        {1, 0}, {0.99f, 0.141f}, {0, 1}, {0.141f, 0.99f},
    };

    @Test
    void shouldPickTheMostSimilarTitleAsTheHardNegative() {
        Negatives n = Negatives.choose(TITLES, null, 1);
        assertThat(n.hard()).containsExactly(1, 0, 3, 2);
        assertThat(n.hardTitleCosine()[0]).isGreaterThan(0.98);
        for (int i = 0; i < 4; i++) {
            assertThat(n.easy()[i]).isNotEqualTo(i);
        }
    }

    @Test
    void shouldKeepHardWithinAndEasyOutsideTheCategoryWhenCategoriesAreKnown() {
        // 0 and 2 share a category, so 0's hard negative is 2 though 1 has the closer title
        String[] categories = {"1", "2", "1", "2"};
        Negatives n = Negatives.choose(TITLES, categories, 7);
        assertThat(n.hard()).containsExactly(2, 3, 0, 1);
        for (int i = 0; i < 4; i++) {
            assertThat(categories[n.easy()[i]]).isNotEqualTo(categories[i]);
        }
    }
}
