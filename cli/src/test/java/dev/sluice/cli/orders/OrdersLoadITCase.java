package dev.sluice.cli.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.Main;
import dev.sluice.orders.loadgen.LoadReport;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.ConsoleCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sluice orders load` on the real embedded stack: a small burst writes its report and charts, and nothing is lost or doubled. */
class OrdersLoadITCase {
    @TempDir
    Path work;

    @TempDir
    Path out;

    @Test
    void shouldWriteTheReportOfABurstAndReportNothingLost() throws Exception {
        ConsoleCapture console = ConsoleCapture.startStdout();
        int code;
        try (console) {
            code = Main.run(
                    "orders",
                    "load",
                    "--scenario",
                    "burst",
                    "--orders",
                    "30",
                    "--state-delay",
                    "100ms",
                    "--dataset",
                    "groceries",
                    "--out",
                    out.toString(),
                    "--json",
                    "--work-dir",
                    work.toString(),
                    "--set",
                    "flink.rest-port=0",
                    "--set",
                    "http.port=0");
        }
        JsonNode summary = Json.mapper().readTree(console.lastOutLine());

        assertThat(code).isZero();
        assertThat(summary.get("scenario").asText()).isEqualTo("burst");
        assertThat(summary.get("dataset").asText()).isEqualTo("groceries");
        assertThat(summary.get("accepted").asInt()).isEqualTo(30);
        assertThat(summary.get("finalized").asInt()).isEqualTo(30);
        assertThat(summary.get("emails_sent").asInt()).isEqualTo(120);
        assertThat(summary.get("lost").asInt()).isZero();
        assertThat(summary.get("duplicate_emails").asInt()).isZero();
        assertThat(summary.has("transition_lag_ms_p99")).isTrue();
        for (String chart : new String[] {
            LoadReport.ORDERS_PER_SECOND, LoadReport.POST_LATENCY, LoadReport.COMPLETION, LoadReport.TRANSITION_LAG
        }) {
            byte[] png = Files.readAllBytes(out.resolve(chart));
            assertThat(png).hasSizeGreaterThan(1000);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
        String report = Files.readString(out.resolve(LoadReport.REPORT));
        assertThat(report)
                .contains("Result: OK")
                .contains("| lost | 0 |")
                .contains("![transition lag](transition-lag.png)");
    }
}
