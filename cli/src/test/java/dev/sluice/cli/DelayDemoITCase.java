package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.platform.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door: `sluice demo --json` on the real embedded stack ends with a JSON line whose counts come from what arrived. */
class DelayDemoITCase {
    @TempDir
    Path work;

    @Test
    void shouldRunTheDemoOnTheEmbeddedStackAndReportNothingLostOrDoubled() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
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
        } finally {
            System.setOut(old);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        JsonNode summary = Json.mapper().readTree(lines[lines.length - 1]);

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
