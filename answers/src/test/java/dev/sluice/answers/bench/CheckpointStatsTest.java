package dev.sluice.answers.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.platform.kafka.Json;
import org.junit.jupiter.api.Test;

class CheckpointStatsTest {
    @Test
    void shouldReadCountDurationAndStateSizeFromFlinksCheckpointStatistics() throws Exception {
        // the shape of Flink 2.2's GET /jobs/<id>/checkpoints (CheckpointingStatistics), trimmed
        String body = """
                {"counts":{"restored":0,"total":13,"in_progress":1,"completed":12,"failed":0},
                 "summary":{"state_size":{"min":900,"max":2048,"avg":1500,"p50":1400.0},
                            "end_to_end_duration":{"min":12,"max":310,"avg":40,"p50":35.0,"p99":300.0}},
                 "latest":{"completed":{"@class":"completed","id":12,"status":"COMPLETED",
                                        "state_size":2048,"end_to_end_duration":33}}}
                """;
        assertThat(CheckpointStats.parse(Json.mapper().readTree(body)))
                .isEqualTo(new CheckpointStats(12, 35, 310, 2048));
    }
}
