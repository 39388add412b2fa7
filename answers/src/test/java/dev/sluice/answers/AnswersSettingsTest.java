package dev.sluice.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswersSettingsTest {
    @TempDir
    Path work;

    private SluiceConfig config(Map<String, String> flags) {
        Map<String, String> all = new HashMap<>(flags);
        all.put("work-dir", work.toString());
        return ConfigLoader.load(Optional.empty(), Map.of(), all);
    }

    @Test
    void shouldTakeThePlatformsPartitionsAndTheScorersDefaultsWhenNothingIsSet() {
        AnswersSettings s = AnswersSettings.from(
                config(Map.of("kafka.partitions", "6", "flink.checkpoint-interval", "3s")), "localhost:9092");

        assertThat(s.partitions()).isEqualTo(6);
        assertThat(s.scoring().scorer()).isEqualTo(ScoringJobSettings.DEFAULT_SCORER);
        assertThat(s.scoring().threshold()).isEqualTo(ScoringJobSettings.DEFAULT_THRESHOLD);
        assertThat(s.scoring().maxAttempts()).isEqualTo(ScoringJobSettings.DEFAULT_MAX_ATTEMPTS);
        assertThat(s.scoring().checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.checkpoints().latest()).isEmpty();
    }

    @Test
    void shouldReadTheAnswersKeys() {
        AnswersSettings s = AnswersSettings.from(
                config(Map.of(
                        "answers.scorer", "token_f1",
                        "answers.threshold", "0.35",
                        "answers.max-attempts", "5",
                        "answers.gateway.cache.size", "50",
                        "answers.retry.overload.cap", "10s")),
                "localhost:9092");

        assertThat(s.scoring().scorer()).isEqualTo(ScorerKind.TOKEN_F1);
        assertThat(s.scoring().threshold()).isEqualTo(0.35);
        assertThat(s.scoring().maxAttempts()).isEqualTo(5);
        assertThat(s.cache().maxSize()).isEqualTo(50);
        assertThat(s.retry().cap()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldRefuseAnUnknownAnswersKeyNamingTheKnownOnes() {
        assertThatThrownBy(() -> AnswersSettings.from(config(Map.of("answers.treshold", "0.5")), "localhost:9092"))
                .hasMessageContaining("answers.treshold")
                .hasMessageContaining("answers.threshold");
    }

    @Test
    void shouldNameTheKeyOfABadNumber() {
        assertThatThrownBy(() -> AnswersSettings.from(config(Map.of("answers.threshold", "high")), "localhost:9092"))
                .hasMessageContaining("answers.threshold")
                .hasMessageContaining("high");
        assertThatThrownBy(() -> AnswersSettings.from(config(Map.of("answers.max-attempts", "0")), "localhost:9092"))
                .hasMessageContaining("answers.max-attempts");
    }
}
