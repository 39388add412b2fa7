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
    void pipelineSectionShowsBothHttpPhasesWithTheirCpuPerThousandQuestions() {
        PipelineBench.Settings s = new PipelineBench.Settings(60, 10, 30, 20, 40, 2, 1, 10_000);
        Map<String, Object> r = new HashMap<>();
        r.put("kafka_questions_per_s", 1202.5);
        r.put("kafka_cpu_s_per_1000", 1.62);
        r.put("kafka_process_cpu_s_per_1000", 1.2);
        r.put("http_batch", 1);
        r.put("http_questions_per_s", 640.0);
        r.put("http_cpu_s_per_1000", 3.05);
        r.put("http_separate_questions_per_s", 810.0);
        r.put("http_separate_cpu_s_per_1000", 2.4);
        r.put("quota_lost", 0L);
        String md = PipelineBenchReport.markdown(s, r);
        assertThat(md)
                .contains(" --http-batch 1 --http-load both --quota ")
                .contains("| questions/s over HTTP, 1 per POST, load generator in this JVM (stored) | 640.0 | ≥ 800 |")
                .contains("| questions/s over HTTP, 1 per POST, load generator in its own process (stored) | 810.0 |")
                .contains("| CPU-seconds per 1,000 questions stored: whole machine / this JVM and its child processes"
                        + " | 1.62 / 1.2 | |")
                .contains("| 3.05 / n/a |")
                .contains("| 2.4 / n/a |");
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
