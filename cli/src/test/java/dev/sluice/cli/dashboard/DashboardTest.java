package dev.sluice.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sampler's arithmetic: totals become per-second rates, history is bounded, absent systems are marked. */
class DashboardTest {
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final AtomicLong stored = new AtomicLong();

    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private final Panel answers = new Panel() {
        @Override
        public String name() {
            return "answers";
        }

        @Override
        public Reading read(boolean full) {
            Reading r = new Reading();
            r.counter("answersStored", stored.get());
            r.gauge("latencyP50", 120.0);
            return r;
        }
    };

    private Dashboard dashboard() {
        return new Dashboard(
                List.of(answers), Map.of("answers", true, "orders", false), null, clock, Map.of("metrics", "/metrics"));
    }

    @Test
    void shouldTurnTotalsIntoRatesPerSecond() {
        Dashboard d = dashboard();
        d.tick();
        stored.addAndGet(30);
        millis.addAndGet(2_000);
        d.tick();

        Map<String, Object> snap = d.snapshot(0);
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> series = (Map<String, List<Double>>) snap.get("series");
        assertThat(series.get("answers.answersStored"))
                .as("no rate before the second sample, then 30 in 2 s")
                .containsExactly(null, 15.0);
        assertThat(series.get("answers.latencyP50")).containsExactly(120.0, 120.0);
        assertThat(d.snapshot(1_000_000).get("t"))
                .as("only the samples after since")
                .isEqualTo(List.of(1_002_000L));
    }

    @Test
    void shouldKeepFiveMinutesAndMarkAbsentSystems() {
        Dashboard d = dashboard();
        for (int i = 0; i < Dashboard.HISTORY + 20; i++) {
            millis.addAndGet(1_000);
            d.tick();
        }
        Map<String, Object> snap = d.snapshot(0);
        assertThat((List<?>) snap.get("t")).hasSize(Dashboard.HISTORY);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> sections = (Map<String, Map<String, Object>>) snap.get("sections");
        assertThat(sections.get("answers").get("running")).isEqualTo(true);
        assertThat(sections.get("orders").get("running")).isEqualTo(false);
    }
}
