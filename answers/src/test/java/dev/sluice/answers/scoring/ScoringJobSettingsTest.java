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
  }

  @Test
  void badValuesNameTheKeyToFix() {
    ScoringJobSettings s = ScoringJobSettings.defaults("localhost:9092");
    assertThatThrownBy(() -> s.withThreshold(1.5)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> s.withThreshold(Double.NaN)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> s.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> s.withCheckpointInterval(Duration.ofMillis(1))).hasMessageContaining("checkpointInterval");
    assertThatThrownBy(() -> s.withNames(" ", "x")).hasMessageContaining("groupId");
    assertThatThrownBy(() -> ScoringJobSettings.defaults("")).hasMessageContaining("bootstrapServers");
  }
}
