package dev.sluice.answers.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sections the answers benchmarks write: the command that reproduces them, and their tables. */
class BenchReportsTest {
    @Test
    void pipelineSectionNamesTheCommandThatReproducesIt() {
        PipelineBench.Settings s = new PipelineBench.Settings(60, 10, 30, 20, 40, 2, 20, 10_000);
        Map<String, Object> r = new HashMap<>();
        r.put("kafka_questions_per_s", 1202.5);
        r.put("kafka_cpu_busy", 0.93);
        r.put("quota_lost", 0L);
        String md = PipelineBenchReport.markdown(s, r);
        assertThat(md)
                .startsWith("## Answers pipeline end to end\n")
                .contains("`./sluice bench pipeline --seconds 60 --warmup 10 --latency-seconds 30 --backlog 10000"
                        + " --http-batch 20 --quota 20.0 --quota-seconds 40`")
                .contains("| questions/s straight to Kafka (stored) | 1202.5 | ≥ 1,000 |")
                .contains("| 93% |")
                .doesNotContain("bench:pipeline");
    }

    @Test
    void scoringSectionNamesTheCommandThatReproducesIt() {
        ScoringBench.Settings s =
                new ScoringBench.Settings(200, 2, 2, 32, Duration.ofMillis(20), 0, 20, Duration.ofSeconds(1));
        String md = ScoringBenchReport.markdown(s, new HashMap<>(Map.of("ratio", 0.91)));
        assertThat(md)
                .startsWith("## Semantic scoring in the Flink job vs raw inference\n")
                .contains("`./sluice bench scoring --questions 200 --attempts 2 --parallelism 2 --batch-size 32"
                        + " --batch-timeout 20ms --latency-seconds 20`")
                .contains("**0.91**");
    }

    @Test
    void settingsNameTheOptionToFix() {
        assertThatThrownBy(() -> new PipelineBench.Settings(0, 10, 30, 20, 40, 2, 20, 10_000))
                .hasMessageContaining("--seconds");
        assertThatThrownBy(() -> new PipelineBench.Settings(60, 10, 30, 0, 40, 2, 20, 10_000))
                .hasMessageContaining("--quota");
        assertThatThrownBy(() -> new ScoringBench.Settings(0, 2, 2, 32, Duration.ZERO, 0, 20, Duration.ofSeconds(1)))
                .hasMessageContaining("--questions");
    }
}
