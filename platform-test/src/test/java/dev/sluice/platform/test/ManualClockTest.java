package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    @Test
    void shouldStandStillUntilAdvancedOrSet() {
        ManualClock clock = ManualClock.at("2026-01-01T10:00:00Z");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(clock.instant()).isEqualTo(clock.instant());

        assertThat(clock.advance(Duration.ofMillis(1500))).isEqualTo(Instant.parse("2026-01-01T10:00:01.500Z"));
        assertThat(clock.millis())
                .isEqualTo(Instant.parse("2026-01-01T10:00:01.500Z").toEpochMilli());

        clock.set(Instant.parse("2025-12-31T00:00:00Z"));
        assertThat(clock.instant()).as("set may move back").isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
        assertThat(ManualClock.ofEpochMilli(1_700_000_000_000L).millis()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void shouldRefuseToAdvanceBackwardsNamingTheWayToDoIt() {
        ManualClock clock = ManualClock.ofEpochMilli(0);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set(instant)");
    }

    @Test
    void shouldShareItsTimeWithItsOtherZones() {
        ManualClock clock = ManualClock.at("2026-01-01T10:00:00Z");
        Clock santiago = clock.withZone(ZoneId.of("America/Santiago"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(santiago.instant()).isEqualTo(clock.instant());
        assertThat(santiago.getZone()).isEqualTo(ZoneId.of("America/Santiago"));
        assertThat(clock.withZone(clock.getZone())).isSameAs(clock);
    }

    @Test
    void shouldLoseNoAdvanceWhenMovedFromManyThreads() throws Exception {
        ManualClock clock = ManualClock.ofEpochMilli(0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4_000; i++) {
            pool.execute(() -> clock.advance(Duration.ofMillis(1)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(clock.millis()).isEqualTo(4_000);
    }
}
