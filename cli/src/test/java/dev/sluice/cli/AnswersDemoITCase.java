package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.ConsoleCapture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front door: `sluice demo --json` runs the answers pipeline on the real embedded stack (Kafka,
 * PostgreSQL, Flink MiniCluster, the LLM simulator) and its counts come from the database and topics.
 */
class AnswersDemoITCase {
    @TempDir
    Path work;

    @Test
    void shouldAnswerEveryQuestionOrDeadLetterItWithNothingLostOrDoubled() throws Exception {
        ConsoleCapture console = ConsoleCapture.startStdout();
        int code;
        try (console) {
            code = Main.run(
                    "demo",
                    "--work-dir",
                    work.toString(),
                    "--questions",
                    "60",
                    "--timeout",
                    "4m",
                    "--json",
                    "--set",
                    "flink.rest-port=0",
                    "--set",
                    "http.port=0",
                    "--set",
                    "flink.checkpoint-interval=1s");
        }
        JsonNode s = Json.mapper().readTree(console.lastOutLine());

        assertThat(code).as(s.toString()).isZero();
        assertThat(s.get("submitted").asInt()).isEqualTo(60);
        assertThat(s.get("validated").asInt() + s.get("dead_lettered").asInt()).isEqualTo(60);
        assertThat(s.get("lost").asInt()).isZero();
        assertThat(s.get("duplicates").asInt()).isZero();
        assertThat(s.get("llm_calls").asInt()).isGreaterThanOrEqualTo(60);
        assertThat(s.get("regenerations").asInt())
                .as("low scorers were regenerated")
                .isPositive();
        assertThat(s.get("mean_score_final").asDouble())
                .isGreaterThanOrEqualTo(s.get("mean_score_first_attempt").asDouble());
    }
}
