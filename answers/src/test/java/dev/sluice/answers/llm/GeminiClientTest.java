package dev.sluice.answers.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.platform.kafka.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeminiClientTest {
    static final String KEY = "AIzaTestKey123";
    static final LlmRequest REQUEST = new LlmRequest("q", 1, "Why are there tides?", "");
    FakeLlmServer server;
    GeminiClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeLlmServer();
        client = new GeminiClient(LlmSettings.fromEnvironment(
                LlmProvider.GEMINI,
                server.base(),
                "gemini-2.0-flash",
                "GEMINI_API_KEY",
                Duration.ofSeconds(5),
                2,
                256,
                Map.of("GEMINI_API_KEY", KEY)::get));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void joinsTheFirstCandidatesPartsAndSendsTheKeyInAHeaderNotTheUrl() throws Exception {
        server.respond(200, ProviderBodies.GEMINI_OK);
        assertThat(client.complete(REQUEST)).isInstanceOfSatisfying(LlmOutcome.Answer.class, a -> {
            assertThat(a.text()).isEqualTo("Tides come from the Moon's pull on the oceans.");
            assertThat(a.model()).isEqualTo("gemini-2.0-flash");
        });
        assertThat(server.last().path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(server.last().header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(Json.mapper()
                        .readTree(server.last().body())
                        .path("generationConfig")
                        .path("maxOutputTokens")
                        .asInt())
                .isEqualTo(256);
    }

    @Test
    void aRegenerationsTemperatureGoesInTheGenerationConfigBesideTheTokenCap() throws Exception {
        server.respond(200, ProviderBodies.GEMINI_OK);
        client.complete(new LlmRequest("q", 2, "Why are there tides?", "", "The wind.", 1.4));
        var config = Json.mapper().readTree(server.last().body()).path("generationConfig");
        assertThat(config.path("temperature").asDouble()).isEqualTo(1.4);
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(256);
    }

    @Test
    void resourceExhaustedIsQuotaWithTheRetryInfoDelayFromTheBody() {
        server.respond(429, ProviderBodies.GEMINI_RESOURCE_EXHAUSTED);
        assertThat(client.complete(REQUEST)).isInstanceOfSatisfying(LlmOutcome.Quota.class, q -> {
            assertThat(q.retryAfter()).contains(Duration.ofSeconds(17));
            assertThat(q.reason()).startsWith("HTTP 429: RESOURCE_EXHAUSTED");
        });
    }

    @Test
    void invalidKeyIsFatal() {
        server.respond(400, ProviderBodies.GEMINI_BAD_KEY);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Fatal.class, f -> assertThat(f.reason()).contains("API key not valid"));
    }

    @Test
    void blockedPromptIsEmpty() {
        server.respond(200, ProviderBodies.GEMINI_BLOCKED);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Empty.class, e -> assertThat(e.reason()).contains("SAFETY"));
    }

    @Test
    void missingKeyNamesTheVariableToExport() {
        assertThatThrownBy(() -> LlmSettings.fromEnvironment(
                        LlmProvider.GEMINI,
                        server.base(),
                        "gemini-2.0-flash",
                        "GEMINI_API_KEY",
                        Duration.ofSeconds(5),
                        2,
                        0,
                        name -> null))
                .hasMessageContaining("GEMINI_API_KEY")
                .hasMessageContaining("export");
    }
}
