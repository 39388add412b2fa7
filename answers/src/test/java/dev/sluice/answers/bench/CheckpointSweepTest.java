package dev.sluice.answers.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointSweepTest {
    private static final List<CheckpointSweep.Row> ROWS = List.of(
            new CheckpointSweep.Row(
                    2000, 400.0, 0.98, 200.0, 1700, 4400, 5600, new CheckpointStats(40, 310, 900, 2_048_000)),
            new CheckpointSweep.Row(500, 300.0, null, 200.0, 600, 1300, 1900, null),
            new CheckpointSweep.Row(2000, 380.0, 0.97, 200.0, 1750, 4500, 5700, null));

    @Test
    void shouldRefuseAnIntervalBelowFlinksMinimumAndSayHowToWriteIt() {
        assertThatThrownBy(() -> CheckpointSweep.intervals(List.of(2000L, 5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--checkpoint-intervals")
                .hasMessageContaining("5 ms")
                .hasMessageContaining("2000,1000,500,250");
        assertThatThrownBy(() -> CheckpointSweep.intervals(List.of())).hasMessageContaining("at least one");
        assertThat(CheckpointSweep.intervals(List.of(1000L, 250L))).containsExactly(1000L, 250L);
    }

    @Test
    void shouldShowEachIntervalsCapacityAsARatioToTheFirstAndKeepARepeatedInterval() {
        Map<String, Object> summary = CheckpointSweep.summary(ROWS);
        assertThat(summary)
                .containsEntry("checkpoint_2000ms_kafka_ratio", 1.0)
                .containsEntry("checkpoint_500ms_kafka_ratio", 0.75)
                .containsEntry("checkpoint_500ms_latency_ms_p95", 1300L)
                .containsEntry("checkpoint_2000ms_again_kafka_ratio", 0.95)
                .containsEntry("checkpoint_2000ms_again_latency_ms_p50", 1750L)
                .containsEntry("checkpoint_2000ms_checkpoint_ms_p50", 310L)
                .doesNotContainKey("checkpoint_500ms_checkpoint_ms_p50");
    }

    @Test
    void shouldWriteOneTableRowPerIntervalWithTheRawBaselineAndTheCommand() {
        String md = CheckpointSweep.markdown(
                new PipelineBench.Settings(30, 10, 30, 20, 40, 2, 20, 10_000),
                List.of("checkpoints"),
                ROWS,
                Map.of("scorer", "token_f1", "record_bytes", 413, "raw_kafka_per_s", 32594.5));
        assertThat(md)
                .contains("--phases checkpoints --checkpoint-intervals 2000,500,2000 --seconds 30")
                .contains("32594.5 records/s")
                .contains("| 500 | 300.0 | 0.75 | n/a | 200.0 | 600 | 1300 | 1900 | n/a | n/a | n/a |")
                .contains("| 2000 | 400.0 | 1.0 | 98% | 200.0 | 1700 | 4400 | 5600 | 40 | 310 / 900 | 2000 |");
    }
}
