package dev.sluice.answers.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.kafka.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleClientTest {
    static final String KEY = "sk-test-0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final LlmRequest REQUEST = new LlmRequest("q-1", 2, "Why is my wifi slow?", "Only at night.");

    FakeLlmServer server;
    OpenAiCompatibleClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeLlmServer();
        client = new OpenAiCompatibleClient(
                settings(server.base(), Duration.ofSeconds(5)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static LlmSettings settings(URI base, Duration timeout) {
        return new LlmSettings(
                LlmProvider.OPENAI, base, "gpt-4o-mini", "OPENAI_API_KEY", Secret.of(KEY), timeout, 4, 0, null);
    }

    @Test
    void answerComesFromTheFirstChoiceAndTheRequestHasTheOpenAiShape() throws Exception {
        server.respond(200, ProviderBodies.OPENAI_OK);
        LlmOutcome outcome = client.complete(REQUEST);

        assertThat(outcome).isInstanceOfSatisfying(LlmOutcome.Answer.class, a -> {
            assertThat(a.text()).isEqualTo("Restart the router, then move it off the floor.");
            assertThat(a.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        });
        FakeLlmServer.Received r = server.last();
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.header(LlmHeaders.ATTEMPT)).isEqualTo("2");
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("messages").get(1).path("content").asText())
                .as("attempt 2 is a regeneration: the question, then the feedback")
                .startsWith("Why is my wifi slow?\n\nOnly at night.\n\n")
                .contains("off the mark");
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("temperature")).as("none asked for, none sent").isFalse();
    }

    @Test
    void aRegenerationsTemperatureGoesInTheTopLevelField() throws Exception {
        server.respond(200, ProviderBodies.OPENAI_OK);
        client.complete(new LlmRequest("q-1", 2, "Why is my wifi slow?", "", "Restart it.", 1.2));
        JsonNode body = Json.mapper().readTree(server.last().body());
        assertThat(body.path("temperature").asDouble()).isEqualTo(1.2);
        assertThat(body.path("messages").get(1).path("content").asText()).contains("Restart it.");
    }

    @Test
    void geminiOpenAiBaseGetsChatCompletionsWithoutAnotherVersion() {
        var gemini = new OpenAiCompatibleClient(
                settings(URI.create(server.base() + "/v1beta/openai/"), Duration.ofSeconds(5)));
        server.respond(200, ProviderBodies.OPENAI_OK);
        gemini.complete(REQUEST);
        assertThat(server.last().path()).isEqualTo("/v1beta/openai/chat/completions");
    }

    @Test
    void insufficientQuotaIsQuotaWithRetryAfterSeconds() {
        server.respond(429, Map.of("Retry-After", "30"), ProviderBodies.OPENAI_INSUFFICIENT_QUOTA);
        assertThat(client.complete(REQUEST)).isInstanceOfSatisfying(LlmOutcome.Quota.class, q -> {
            assertThat(q.httpStatus()).isEqualTo(429);
            assertThat(q.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(q.reason()).contains("insufficient_quota");
        });
    }

    @Test
    void quotaDelayFromRetryAfterMsBeatsRetryAfter() {
        server.respond(
                429, Map.of("retry-after-ms", "1500.5", "Retry-After", "2"), ProviderBodies.OPENAI_INSUFFICIENT_QUOTA);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Quota.class,
                        q -> assertThat(q.retryAfter()).contains(Duration.ofNanos(1_500_500_000L)));
    }

    @Test
    void quotaDelayFromAnHttpDateIsReadAgainstTheClock() {
        server.respond(
                429, Map.of("Retry-After", "Mon, 23 Nov 2026 10:01:30 GMT"), ProviderBodies.OPENAI_INSUFFICIENT_QUOTA);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Quota.class, q -> assertThat(q.retryAfter()).contains(Duration.ofSeconds(90)));
    }

    @Test
    void paymentRequiredIsQuotaWithoutDelay() {
        server.respond(402, "{\"error\":{\"message\":\"Insufficient credits\",\"code\":402}}");
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Quota.class, q -> assertThat(q.retryAfter()).isEmpty());
    }

    @Test
    void geminiOpenAiEndpointQuotaReadsRetryInfoFromTheArrayBody() {
        server.respond(429, ProviderBodies.GEMINI_OPENAI_RESOURCE_EXHAUSTED);
        assertThat(client.complete(REQUEST)).isInstanceOfSatisfying(LlmOutcome.Quota.class, q -> {
            assertThat(q.retryAfter()).contains(Duration.ofSeconds(45, 837_906_927));
            assertThat(q.reason()).contains("RESOURCE_EXHAUSTED");
        });
    }

    @Test
    void rateLimitWithoutQuotaWordsIsOverload() {
        server.respond(429, Map.of("Retry-After", "20"), ProviderBodies.OPENAI_RATE_LIMIT);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class, o -> assertThat(o.reason()).contains("rate_limit_exceeded"));
    }

    @Test
    void serviceUnavailableAndGatewayErrorsAreOverload() {
        server.respond(503, ProviderBodies.OPENAI_OVERLOADED);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class,
                        o -> assertThat(o.httpStatus()).isEqualTo(503));
        server.respond(502, ProviderBodies.BAD_GATEWAY_HTML);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class, o -> assertThat(o.reason()).contains("502 Bad Gateway"));
        server.respond(504, "");
        assertThat(client.complete(REQUEST)).isInstanceOf(LlmOutcome.Overload.class);
    }

    @Test
    void timeoutIsOverload() {
        server.hang();
        var impatient = new OpenAiCompatibleClient(settings(server.base(), Duration.ofMillis(200)));
        assertThat(impatient.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class, o -> assertThat(o.reason()).contains("timed out"));
    }

    @Test
    void refusedAndDroppedConnectionsAreOverload() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var nobody = new OpenAiCompatibleClient(
                settings(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2)));
        assertThat(nobody.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Overload.class, o -> assertThat(o.reason()).contains("refused"));

        server.drop();
        assertThat(client.complete(REQUEST)).isInstanceOf(LlmOutcome.Overload.class);
    }

    @Test
    void badRequestUnauthorizedAndUnknownModelAreFatalAndTheKeyNeverAppears() {
        server.respond(400, ProviderBodies.OPENAI_UNSUPPORTED_PARAM);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Fatal.class, f -> assertThat(f.reason()).contains("unsupported_parameter"));

        server.respond(401, ProviderBodies.OPENAI_BAD_KEY.formatted(KEY));
        assertThat(client.complete(REQUEST)).isInstanceOfSatisfying(LlmOutcome.Fatal.class, f -> {
            assertThat(f.httpStatus()).isEqualTo(401);
            assertThat(f.reason()).contains("invalid_api_key").doesNotContain(KEY);
        });

        server.respond(404, ProviderBodies.OPENAI_MODEL_NOT_FOUND);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Fatal.class, f -> assertThat(f.reason()).contains("model_not_found"));

        server.respond(422, "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]}");
        assertThat(client.complete(REQUEST)).isInstanceOf(LlmOutcome.Fatal.class);
    }

    @Test
    void unparseableOkBodyIsFatal() {
        server.respond(200, "<html>captive portal</html>");
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Fatal.class, f -> assertThat(f.reason()).contains("unparseable"));
        server.respond(200, "{\"object\":\"list\",\"data\":[]}");
        assertThat(client.complete(REQUEST)).isInstanceOf(LlmOutcome.Fatal.class);
    }

    @Test
    void okWithoutContentIsEmpty() {
        server.respond(200, ProviderBodies.OPENAI_EMPTY);
        assertThat(client.complete(REQUEST))
                .isInstanceOfSatisfying(
                        LlmOutcome.Empty.class, e -> assertThat(e.reason()).contains("length"));
        server.respond(200, ProviderBodies.OPENAI_NULL_CONTENT);
        assertThat(client.complete(REQUEST)).isInstanceOf(LlmOutcome.Empty.class);
    }

    @Test
    void settingsNeverPrintTheKey() {
        assertThat(settings(server.base(), Duration.ofSeconds(1)).toString())
                .doesNotContain(KEY)
                .contains("****");
        assertThat(client.toString()).doesNotContain(KEY);
        assertThat(Optional.of(client.describe())).contains("openai:gpt-4o-mini");
    }
}
