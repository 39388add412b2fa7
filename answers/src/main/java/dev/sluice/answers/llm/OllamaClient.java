package dev.sluice.answers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.kafka.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;

/**
 * Ollama's native {@code POST /api/chat} with {@code stream: false} (one JSON object, not NDJSON).
 * Ollama answers 503 {@code "server busy, please try again. maximum pending requests exceeded"}
 * when its queue ({@code OLLAMA_MAX_QUEUE}) is full; the classifier makes that overload.
 */
public final class OllamaClient extends HttpLlmClient {
    private final URI endpoint;

    public OllamaClient(LlmSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public OllamaClient(LlmSettings settings, Clock clock) {
        super(settings, clock);
        this.endpoint = settings.resolve("/api/chat");
    }

    @Override
    URI endpoint() {
        return endpoint;
    }

    @Override
    ObjectNode body(LlmRequest request) {
        ObjectNode body =
                Json.mapper().createObjectNode().put("model", settings.model()).put("stream", false);
        body.putArray("messages")
                .add(Json.mapper().createObjectNode().put("role", "system").put("content", settings.systemPrompt()))
                .add(Json.mapper().createObjectNode().put("role", "user").put("content", prompt(request)));
        if (settings.maxTokens() > 0) {
            body.withObjectProperty("options").put("num_predict", settings.maxTokens());
        }
        if (request.temperature() != null) {
            body.withObjectProperty("options").put("temperature", request.temperature());
        }
        return body;
    }

    @Override
    LlmOutcome parse(JsonNode body, Duration latency) {
        JsonNode message = body.get("message");
        if (message == null || !message.isObject()) {
            return new LlmOutcome.Fatal(
                    "200 body has no message object: " + ErrorClassifier.truncate(body.toString()), 200, latency);
        }
        String text = message.path("content").asText("").strip();
        if (text.isEmpty()) {
            return new LlmOutcome.Empty(
                    "no content (done_reason " + body.path("done_reason").asText("none") + ")", latency);
        }
        return new LlmOutcome.Answer(text, body.path("model").asText(settings.model()), latency);
    }

    @Override
    void authenticate(HttpRequest.Builder request) {
        // Ollama has no keys; one behind a proxy may want a bearer token.
        if (!settings.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.apiKey().reveal());
        }
    }
}
