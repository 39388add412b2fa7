package dev.sluice.answers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyModelTest {
    @Test
    void samplesHaveTheConfiguredMedianAndP95() {
        LatencyModel model = LatencyModel.of(Duration.ofMillis(400), Duration.ofMillis(1200));
        SplittableRandom random = new SplittableRandom(3);
        long[] ms = new long[20_000];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = model.sample(random).toMillis();
        }
        Arrays.sort(ms);
        assertThat(ms[ms.length / 2]).isBetween(380L, 420L);
        assertThat(ms[(int) (ms.length * 0.95)]).isBetween(1100L, 1300L);
    }

    @Test
    void zeroIsZeroAndNonsenseIsRefused() {
        assertThat(LatencyModel.ZERO.sample(new SplittableRandom(1))).isZero();
        assertThatThrownBy(() -> LatencyModel.of(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("median <= p95");
    }

    @Test
    void qualityImprovesPerAttemptAndSettingsAreChecked() {
        QualityModel q = QualityModel.DEFAULT;
        assertThat(q.near(1)).isEqualTo(0.5);
        assertThat(q.near(2)).isEqualTo(0.75);
        assertThat(q.kind(1, 0.6)).isEqualTo(QualityModel.Kind.PARTIAL);
        assertThat(q.kind(1, 0.9)).isEqualTo(QualityModel.Kind.OFF_TOPIC);
        assertThat(SimulatorSettings.demo(1).withPort(8099).port()).isEqualTo(8099);
        assertThatThrownBy(() -> SimulatorSettings.defaults(1).withCapacity(4, 500))
                .hasMessageContaining("503 or 429");
        assertThatThrownBy(() -> SimulatorSettings.defaults(1).withErrorRates(0.8, 0.5))
                .hasMessageContaining("at most 1");
    }
}
