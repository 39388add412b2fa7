package dev.sluice.answers.regeneration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.platform.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegenerationSettingsTest {

    @Test
    void shouldDefaultToTheStopAtZeroPointEightNoBudgetAndNoTemperature() {
        RegenerationSettings s = RegenerationSettings.fromConfig(Map.of());
        assertThat(s).isEqualTo(RegenerationSettings.DEFAULTS);
        assertThat(s.limited()).isFalse();
        assertThat(s.temperatureFor(2)).isNull();
    }

    @Test
    void shouldReadEveryKey() {
        RegenerationSettings s = RegenerationSettings.fromConfig(Map.of(
                "answers.regeneration.near-identical", "off",
                "answers.regeneration.budget", "1_000",
                "answers.regeneration.temperature-step", "0.2",
                "answers.regeneration.base-temperature", "0.7",
                "answers.regeneration.previous-answer-chars", "0"));
        assertThat(s.nearIdentical()).isEqualTo(RegenerationSettings.OFF);
        assertThat(s.budget()).isEqualTo(1000);
        assertThat(s.temperatureFor(1))
                .as("a first attempt keeps the provider's default")
                .isNull();
        assertThat(s.temperatureFor(2)).isEqualTo(0.9);
        assertThat(s.temperatureFor(3)).isEqualTo(1.1);
        assertThat(s.temperatureFor(20))
                .as("capped at what OpenAI and Gemini accept")
                .isEqualTo(2.0);
        assertThat(s.previousForPrompt("anything")).isEmpty();
    }

    @Test
    void shouldCutThePreviousAnswerForThePrompt() {
        RegenerationSettings s = new RegenerationSettings(0.8, -1, 0, 1, 10);
        assertThat(s.previousForPrompt("  short  ")).isEqualTo("short");
        assertThat(s.previousForPrompt("a much longer answer than ten")).isEqualTo("a much lon …");
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> RegenerationSettings.fromConfig(Map.of("answers.regeneration.budget", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("answers.regeneration.budget");
        assertThatThrownBy(() -> RegenerationSettings.fromConfig(Map.of("answers.regeneration.near-identical", "1.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("answers.regeneration.near-identical");
        assertThatThrownBy(() -> RegenerationSettings.fromConfig(Map.of("answers.regeneration.temprature-step", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key");
    }
}
