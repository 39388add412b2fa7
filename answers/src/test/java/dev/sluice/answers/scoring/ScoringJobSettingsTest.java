package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScoringJobSettingsTest {

    @Test
    void defaultsAreUnboundedWithTheDocumentedValues() {
        ScoringJobSettings s = ScoringJobSettings.defaults("localhost:9092");
        assertThat(s.bounded()).isFalse();
        assertThat(s.threshold()).isEqualTo(ScoringJobSettings.DEFAULT_THRESHOLD);
        assertThat(s.maxAttempts()).isEqualTo(ScoringJobSettings.DEFAULT_MAX_ATTEMPTS);
        assertThat(s.groupId()).isEqualTo("answers.scoring");
        assertThat(s.scorer()).isEqualTo(ScorerKind.COMPOSITE);
        assertThat(s.threshold()).isEqualTo(dev.sluice.scoring.StandardMetrics.DEFAULT_CONFIG.threshold());
    }

    @Test
    void switchingTheScorerTakesItsOwnThresholdUnlessOverridden() {
        ScoringJobSettings s = ScoringJobSettings.defaults("localhost:9092");
        assertThat(s.withScorer(ScorerKind.TOKEN_F1).threshold()).isEqualTo(0.5);
        assertThat(s.withScorer(ScorerKind.TOKEN_F1).withThreshold(0.7).threshold())
                .isEqualTo(0.7);
        assertThat(s.withScorer(ScorerKind.TOKEN_F1)
                        .withScorer(ScorerKind.COMPOSITE)
                        .threshold())
                .isEqualTo(ScorerKind.COMPOSITE.defaultThreshold());
        assertThat(ScorerKind.fromKey("Token-F1")).isEqualTo(ScorerKind.TOKEN_F1);
        assertThatThrownBy(() -> ScorerKind.fromKey("bleu")).hasMessageContaining("token_f1, composite");
    }

    @Test
    void badValuesNameTheKeyToFix() {
        ScoringJobSettings s = ScoringJobSettings.defaults("localhost:9092");
        assertThatThrownBy(() -> s.withThreshold(1.5)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> s.withThreshold(Double.NaN)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> s.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> s.withCheckpointInterval(Duration.ofMillis(1)))
                .hasMessageContaining("checkpointInterval");
        assertThatThrownBy(() -> s.withNames(" ", "x")).hasMessageContaining("groupId");
        assertThatThrownBy(() -> ScoringJobSettings.defaults("")).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> s.withBatching(0, Duration.ZERO)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> s.withBatching(8, Duration.ofMillis(-1))).hasMessageContaining("batchTimeout");
    }
}
