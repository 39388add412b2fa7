package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.ConsoleCapture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door: `sluice demo --json` on the real embedded stack ends with a JSON line whose counts come from what arrived. */
class DelayDemoITCase {
    @TempDir
    Path work;

    @Test
    void shouldRunTheDemoOnTheEmbeddedStackAndReportNothingLostOrDoubled() throws Exception {
        ConsoleCapture console = ConsoleCapture.startStdout();
        int code;
        try (console) {
            code = Main.run(
                    "delay-demo",
                    "--work-dir",
                    work.toString(),
                    "--records",
                    "300",
                    "--rate",
                    "300",
                    "--max-delay",
                    "2s",
                    "--json",
                    "--set",
                    "flink.rest-port=0",
                    "--set",
                    "http.port=0");
        }
        JsonNode summary = Json.mapper().readTree(console.lastOutLine());

        assertThat(code).isZero();
        assertThat(summary.get("records").asInt()).isEqualTo(300);
        assertThat(summary.get("delivered").asInt()).isEqualTo(300);
        assertThat(summary.get("lost").asInt()).isZero();
        assertThat(summary.get("duplicates").asInt()).isZero();
        assertThat(summary.get("early").asInt()).isZero();
        assertThat(work.resolve("kafka")).isDirectory();
        assertThat(work.resolve("postgres")).isDirectory();
    }
}
