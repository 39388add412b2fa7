package dev.sluice.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void shouldDoubleFromTheMinimumUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldStartAtTheGivenMinimumWithTheDefaultCeiling() {
        assertThat(Backoff.startingAt(Duration.ofMillis(500)).max()).isEqualTo(Backoff.DEFAULT.max());
        assertThat(Backoff.startingAt(Duration.ofMinutes(1)).max()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldNameTheSettingItRefuses() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("min must be positive");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageContaining("max must be at least min");
    }
}
