package dev.sluice.answers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.kafka.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Gemini's native {@code POST {base}/v1beta/models/{model}:generateContent}, key in
 * {@code x-goog-api-key} (never in the URL, where proxies would log it). Gemini's quota 429 carries
 * its delay only in the body ({@code google.rpc.RetryInfo}); the classifier reads it there.
 */
public final class GeminiClient extends HttpLlmClient {
    public static final URI DEFAULT_BASE = URI.create("https://generativelanguage.googleapis.com");
    private final URI endpoint;

    public GeminiClient(LlmSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public GeminiClient(LlmSettings settings, Clock clock) {
        super(settings, clock);
        String model = settings.model().startsWith("models/") ? settings.model().substring(7) : settings.model();
        this.endpoint = settings.resolve(
                "/v1beta/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent");
    }

    @Override
    URI endpoint() {
        return endpoint;
    }

    @Override
    ObjectNode body(LlmRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("systemInstruction").putArray("parts").addObject().put("text", settings.systemPrompt());
        ObjectNode user = body.putArray("contents").addObject().put("role", "user");
        user.putArray("parts").addObject().put("text", prompt(request));
        if (settings.maxTokens() > 0) {
            body.withObjectProperty("generationConfig").put("maxOutputTokens", settings.maxTokens());
        }
        if (request.temperature() != null) {
            body.withObjectProperty("generationConfig").put("temperature", request.temperature());
        }
        return body;
    }

    @Override
    LlmOutcome parse(JsonNode body, Duration latency) {
        JsonNode candidates = body.get("candidates");
        if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
            String blocked = body.path("promptFeedback").path("blockReason").asText("");
            if (!blocked.isEmpty() || body.has("usageMetadata")) {
                return new LlmOutcome.Empty(
                        "no candidates" + (blocked.isEmpty() ? "" : " (blockReason " + blocked + ")"), latency);
            }
            return new LlmOutcome.Fatal(
                    "200 body has no candidates: " + ErrorClassifier.truncate(body.toString()), 200, latency);
        }
        JsonNode first = candidates.get(0);
        String text = StreamSupport.stream(first.path("content").path("parts").spliterator(), false)
                .filter(p -> !p.path("thought").asBoolean(false))
                .map(p -> p.path("text").asText(""))
                .collect(Collectors.joining())
                .strip();
        if (text.isEmpty()) {
            return new LlmOutcome.Empty(
                    "no text (finishReason " + first.path("finishReason").asText("none") + ")", latency);
        }
        return new LlmOutcome.Answer(text, body.path("modelVersion").asText(settings.model()), latency);
    }

    @Override
    void authenticate(HttpRequest.Builder request) {
        request.header("x-goog-api-key", settings.apiKey().reveal());
    }
}
