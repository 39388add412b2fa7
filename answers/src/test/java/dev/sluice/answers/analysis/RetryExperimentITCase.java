package dev.sluice.answers.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retry experiment in quick mode, end to end: real LLM simulators on HTTP ports, the real
 * OpenAI and Gemini clients, today's RetryPolicy; then what the report relies on.
 */
class RetryExperimentITCase {
    private static final Path YAHOO = Path.of("../../shared/data/yahoo");

    @Test
    void quickRunShouldWriteEveryChartAndBackoffShouldOutliveTheStorm(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        Section section = new RetryExperiment()
                .run(new ExperimentContext(
                        dir,
                        true,
                        42,
                        YAHOO,
                        line -> System.out.printf("[%.1f s] %s%n", (System.nanoTime() - start) / 1e9, line)));

        assertThat(section.id()).isEqualTo("retries");
        List<String> names =
                section.files().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names)
                .contains(
                        "retries-strategies.csv",
                        "retries-goodput.png",
                        "retries-goodput.csv",
                        "retries-completion.png",
                        "retries-completion.csv");
        for (Path f : section.files()) {
            assertThat(f).as(f.toString()).exists().isRegularFile();
            assertThat(Files.size(f)).as(f.toString()).isPositive();
        }
        for (String png : names.stream().filter(n -> n.endsWith(".png")).toList()) {
            assertThat(section.markdown()).contains("](" + png + ")");
        }
        for (String shape : List.of("openai", "gemini")) {
            double none = (Double) section.numbers().get("storm." + shape + ".none.recoveredPct");
            double policy = (Double) section.numbers().get("storm." + shape + ".policy.recoveredPct");
            assertThat(policy)
                    .as("%s shape: backoff with jitter recovers more than no retry under the storm", shape)
                    .isGreaterThan(none);
        }
        assertThat(section.markdown()).contains("**Answer.**");
    }
}
