package dev.sluice.scoring.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightFitTest {

    @Test
    void shouldPutAllWeightOnTheMetricThatRanksLikePeople() {
        double[] human = {1, 2, 3, 4, 5};
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("noise", new double[] {0.5, 0.1, 0.9, 0.2, 0.3});
        m.put("good", new double[] {0.1, 0.2, 0.3, 0.4, 0.5});
        WeightFit.Result r = WeightFit.fit(m, human, 0.25);
        assertThat(r.weights()).containsEntry("good", 1.0).containsEntry("noise", 0.0);
        assertThat(r.spearman()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldFindABlendWhenNeitherMetricAloneRanksCorrectly() {
        // a gets pairs 1-2 wrong, b gets pairs 3-4 wrong; their sum ranks all four right
        double[] human = {1, 2, 3, 4};
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("a", new double[] {0.2, 0.1, 0.3, 0.6});
        m.put("b", new double[] {0.0, 0.2, 0.45, 0.3});
        WeightFit.Result r = WeightFit.fit(m, human, 0.5);
        assertThat(r.weights()).containsEntry("a", 0.5).containsEntry("b", 0.5);
        assertThat(r.spearman()).isCloseTo(1.0, within(1e-12));
    }
}
