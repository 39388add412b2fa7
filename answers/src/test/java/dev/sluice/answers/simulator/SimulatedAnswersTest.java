package dev.sluice.answers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedAnswersTest {
    private static final String REFERENCE =
            "Boil the water for ten minutes, then let it cool in a clean covered pot before you drink it.";

    @Test
    void sameAnswerModeGivesEveryAttemptTheFirstAttemptsText() {
        var sim = new SimulatedAnswers(SimulatorSettings.defaults(3)
                .withQuality(QualityModel.DEFAULT.withRegeneration(QualityModel.Regeneration.REPEATS)));
        for (int q = 0; q < 50; q++) {
            String first = sim.call("q" + q, 1, REFERENCE, "t").text();
            for (int attempt = 2; attempt <= 5; attempt++) {
                assertThat(sim.call("q" + q, attempt, REFERENCE, "t").text()).isEqualTo(first);
            }
        }
    }

    @Test
    void otherModesDrawAFreshAnswerPerAttempt() {
        var sim = new SimulatedAnswers(SimulatorSettings.defaults(3)
                .withQuality(QualityModel.DEFAULT.withRegeneration(QualityModel.Regeneration.RESAMPLES)));
        Set<String> texts = new HashSet<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            texts.add(sim.call("q", attempt, REFERENCE, "t").text());
        }
        assertThat(texts).hasSizeGreaterThan(1);
    }

    @Test
    void resamplingKeepsTheFirstAttemptsQualityWhileImprovingRaisesIt() {
        QualityModel resamples = QualityModel.DEFAULT.withRegeneration(QualityModel.Regeneration.RESAMPLES);
        QualityModel repeats = QualityModel.DEFAULT.withRegeneration(QualityModel.Regeneration.REPEATS);
        assertThat(resamples.near(4)).isEqualTo(QualityModel.DEFAULT.near(1));
        assertThat(repeats.drawnAttempt(4)).isEqualTo(1);
        assertThat(QualityModel.DEFAULT.near(4)).isGreaterThan(QualityModel.DEFAULT.near(1));
    }
}
