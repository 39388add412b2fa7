package dev.sluice.platform.delay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelayBenchTest {
    private static final DelayBench.Settings SETTINGS =
            new DelayBench.Settings(List.of(1000, 10000), 20, 200, Duration.ofSeconds(1), Duration.ofSeconds(5));

    private static Map<String, Object> row(long lost, long duplicates, long early) {
        return Map.of("offered_per_s", 1000, "delay_lost", lost, "delay_duplicates", duplicates, "delay_early", early);
    }

    @Test
    void okOnlyWhenNothingWasLostDoubledOrEarlyAtAnyRate() {
        assertThat(DelayBench.ok(List.of(row(0, 0, 0), row(0, 0, 0)))).isTrue();
        assertThat(DelayBench.ok(List.of(row(0, 0, 0), row(1, 0, 0)))).isFalse();
        assertThat(DelayBench.ok(List.of(row(0, 1, 0)))).isFalse();
        assertThat(DelayBench.ok(List.of(row(0, 0, 1)))).isFalse();
    }

    @Test
    void sectionNamesTheCommandAndHasOneRowPerRate() {
        String md =
                DelayBenchReport.markdown(SETTINGS, Map.of("startup_ms", 1234L), List.of(row(0, 0, 0), row(0, 0, 0)));
        assertThat(md)
                .startsWith("## Delay topics vs raw Kafka\n")
                .contains("`./sluice bench delay --rates 1000,10000 --seconds 20 --record-bytes 200"
                        + " --min-delay 1000ms --max-delay 5000ms`")
                .contains("Embedded stack start-up: 1234 ms");
        assertThat(md.lines().filter(l -> l.startsWith("| 1000 |"))).hasSize(2);
    }

    @Test
    void settingsNameTheOptionToFix() {
        assertThatThrownBy(() -> new DelayBench.Settings(List.of(), 20, 200, Duration.ZERO, Duration.ofSeconds(5)))
                .hasMessageContaining("--rates");
        assertThatThrownBy(() ->
                        new DelayBench.Settings(List.of(10), 20, 200, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("--max-delay");
    }
}
