package dev.sluice.answers.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.platform.kafka.Json;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OllamaClientTest {
    FakeLlmServer server;
    OllamaClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeLlmServer();
        client = new OllamaClient(
                LlmSettings.local(LlmProvider.OLLAMA, server.base(), "llama3.2", Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersFromTheNativeChatEndpointWithoutStreaming() throws Exception {
        server.respond(200, ProviderBodies.OLLAMA_OK);
        assertThat(client.complete(new LlmRequest("q", 1, "What is a prime?", null)))
                .isInstanceOfSatisfying(LlmOutcome.Answer.class, a -> {
                    assertThat(a.text()).isEqualTo("A prime number has exactly two divisors.");
                    assertThat(a.model()).isEqualTo("llama3.2");
                });
        assertThat(server.last().path()).isEqualTo("/api/chat");
        assertThat(Json.mapper().readTree(server.last().body()).path("stream").asBoolean(true))
                .isFalse();
        assertThat(server.last().header("Authorization")).isNull();
    }

    @Test
    void aRegenerationsTemperatureGoesInTheOptions() throws Exception {
        server.respond(200, ProviderBodies.OLLAMA_OK);
        client.complete(new LlmRequest("q", 2, "What is a prime?", "", "An even number.", 0.9));
        var body = Json.mapper().readTree(server.last().body());
        assertThat(body.path("options").path("temperature").asDouble()).isEqualTo(0.9);
        assertThat(body.path("options").has("num_predict")).isFalse();
    }

    @Test
    void queueFullIsOverload() {
        server.respond(503, ProviderBodies.OLLAMA_BUSY);
        assertThat(client.complete(new LlmRequest("q", 1, "t", null)))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class, o -> assertThat(o.reason()).contains("server busy"));
    }

    @Test
    void aModelNotPulledYetIsOverloadSoTheQuestionWaitsForThePull() {
        server.respond(404, ProviderBodies.OLLAMA_MODEL_NOT_FOUND);
        assertThat(client.complete(new LlmRequest("q", 1, "t", null)))
                .isInstanceOfSatisfying(LlmOutcome.Overload.class, o -> {
                    assertThat(o.httpStatus()).isEqualTo(404);
                    assertThat(o.reason())
                            .contains("model \"llama9\" not found")
                            .contains("ollama pull");
                });
    }

    @Test
    void aWrongPathIsStillFatal() {
        server.respond(404, ProviderBodies.OLLAMA_NO_ROUTE);
        assertThat(client.complete(new LlmRequest("q", 1, "t", null)))
                .isInstanceOfSatisfying(
                        LlmOutcome.Fatal.class, f -> assertThat(f.reason()).isEqualTo("HTTP 404: 404 page not found"));
    }

    @Test
    void emptyMessageIsEmpty() {
        server.respond(200, ProviderBodies.OLLAMA_EMPTY);
        assertThat(client.complete(new LlmRequest("q", 1, "t", null))).isInstanceOf(LlmOutcome.Empty.class);
    }
}
