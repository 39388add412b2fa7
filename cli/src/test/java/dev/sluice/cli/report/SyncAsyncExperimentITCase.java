package dev.sluice.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync-vs-async experiment in quick mode on its real parts (the embedded Kafka, PostgreSQL and
 * Flink for the pipeline, the synchronous service on the same database, a simulator each): every
 * chart and CSV written, and the pipeline acknowledging faster than a synchronous call answers.
 */
class SyncAsyncExperimentITCase {
    @TempDir
    Path out;

    private static Path sharedYahoo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path yahoo = p.resolve("shared").resolve("data").resolve("yahoo");
            if (Files.isDirectory(yahoo)) {
                return yahoo;
            }
        }
        return null;
    }

    @Test
    void quickRunShouldWriteItsFilesAndThePipelineShouldAcknowledgeBeforeSyncAnswers() throws Exception {
        Section section =
                new SyncAsyncExperiment().run(new ExperimentContext(out, true, 42, sharedYahoo(), System.out::println));

        System.out.println(section.markdown());
        assertThat(section.files()).isNotEmpty();
        for (Path file : section.files()) {
            assertThat(file).exists();
            assertThat(Files.size(file)).as(file.toString()).isPositive();
        }
        assertThat(section.files().stream().map(p -> p.getFileName().toString()))
                .contains(
                        "sync-async-latency.png",
                        "sync-async-latency.csv",
                        "sync-async-throughput.png",
                        "sync-async-throughput.csv");
        assertThat(section.markdown())
                .contains("![Latency against offered rate](sync-async-latency.png)", "**Answer.**");
        double pipelineAck = (double) section.numbers().get("pipeline_ack_p50_ms_low");
        double syncAck = (double) section.numbers().get("sync_ack_p50_ms_low");
        assertThat(pipelineAck)
                .as("the pipeline's 202 (p50) should come before a synchronous answer (p50)")
                .isLessThan(syncAck);
        assertThat((double) section.numbers().get("pipeline_answer_p50_ms_low"))
                .as("the pipeline's answers were stored and seen")
                .isPositive();
    }
}
