package dev.sluice.answers.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache experiment in quick mode, end to end: a real embedded PostgreSQL, the real gateway on
 * an HTTP port, the shipped 4,387-question sample; then what the report relies on.
 */
class CacheExperimentITCase {
    private static final Path YAHOO = Path.of("../../shared/data/yahoo");

    @Test
    void quickRunShouldWriteEveryChartAndAnswerFromTheNumbers(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        long start = System.nanoTime();
        Section section = new CacheExperiment().run(new ExperimentContext(dir, true, 42, YAHOO, line -> {
            log.add(line);
            System.out.printf("[%.1f s] %s%n", (System.nanoTime() - start) / 1e9, line);
        }));

        assertThat(section.id()).isEqualTo("cache");
        List<String> names =
                section.files().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names)
                .contains(
                        "cache-hit-rate-by-size.png", "cache-hit-rate-by-size.csv",
                        "cache-ttl.png", "cache-ttl.csv",
                        "cache-arrivals.png", "cache-arrivals.csv",
                        "cache-latency.png", "cache-latency.csv",
                        "cache-gateway.png", "cache-gateway.csv",
                        "cache-best.csv", "cache-sweep.csv");
        for (Path f : section.files()) {
            assertThat(f).as(f.toString()).exists().isRegularFile();
            assertThat(Files.size(f)).as(f.toString()).isPositive();
            assertThat(f.getParent()).isEqualTo(dir);
        }
        for (String png : names.stream().filter(n -> n.endsWith(".png")).toList()) {
            assertThat(section.markdown()).contains("](" + png + ")");
        }

        for (String pop : List.of("uniform", "zipf-0.8", "zipf-1.0", "zipf-1.2")) {
            assertThat((Double) section.numbers().get("hitRate.none." + pop + ".poisson"))
                    .as("no cache, " + pop)
                    .isZero();
        }
        double zipf = (Double) section.numbers().get("hitRate.LRU.zipf-1.2.poisson.25pct");
        double uniform = (Double) section.numbers().get("hitRate.LRU.uniform.poisson.25pct");
        assertThat(zipf).as("LRU at 25%: Zipf 1.2 over uniform").isGreaterThan(uniform);
        // the gateway over HTTP and the replay saw the same requests one at a time: they must agree exactly
        assertThat(section.numbers().get("gateway.requestsWhereHitOrMissDiffers"))
                .isEqualTo(0);
        assertThat((Double) section.numbers().get("timingOnly.maxHitRateDifferenceWithoutTtl"))
                .isZero();
        assertThat(section.markdown()).contains("yahoo-answers-4387.csv").contains("LLM:");
    }
}
