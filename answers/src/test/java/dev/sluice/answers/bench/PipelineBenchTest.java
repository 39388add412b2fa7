package dev.sluice.answers.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.dataset.QaPair;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineBenchTest {
    private static final PipelineBench.Settings SETTINGS = new PipelineBench.Settings(3, 1, 2, 5, 2, 2, 20, 200);

    @Test
    void shouldRefuseToPaceTheLatencyPhaseAtZeroAndSayWhatToChange() {
        // too short a Kafka phase stores nothing, and half of 0/s used to park the sender forever
        PipelineBench bench = new PipelineBench(
                null, null, List.of(new QaPair("1", "t", "c", "a", "x")), Clock.systemUTC(), SETTINGS);
        assertThatThrownBy(() -> bench.latencyAt(0)).hasMessageContaining("--seconds");
    }

    @Test
    void shouldPutTheKafkaPhaseNextToRawKafkaAndFailOnlyOnALostQuestion() {
        Map<String, Object> result = new HashMap<>(Map.of("raw_kafka_per_s", 4000.0, "kafka_questions_per_s", 1000.0));
        PipelineBench.addRatioToRaw(result);
        assertThat(result).containsEntry("kafka_ratio_to_raw", 0.25);
        assertThat(PipelineBench.nothingLost(result)).as("quota phase not run").isTrue();
        result.put("quota_lost", 1L);
        assertThat(PipelineBench.nothingLost(result)).isFalse();
    }
}
