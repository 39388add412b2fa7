package dev.sluice.answers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.kafka.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;

/**
 * OpenAI chat completions ({@code POST .../chat/completions}), the protocol OpenAI, Gemini's OpenAI
 * endpoint, vLLM, llama.cpp's server, Ollama's {@code /v1} and Sluice's simulator all speak.
 *
 * <p>Base URL: {@code https://api.openai.com} or {@code http://localhost:11434} get
 * {@code /v1/chat/completions} appended; a base that already ends in a version or {@code /openai}
 * ({@code https://generativelanguage.googleapis.com/v1beta/openai}) gets {@code /chat/completions}.
 */
public final class OpenAiCompatibleClient extends HttpLlmClient {
    private final URI endpoint;

    public OpenAiCompatibleClient(LlmSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public OpenAiCompatibleClient(LlmSettings settings, Clock clock) {
        super(settings, clock);
        String path = settings.baseUrl().getPath() == null
                ? ""
                : settings.baseUrl().getPath().replaceAll("/+$", "");
        boolean versioned = path.matches(".*/v\\d+[a-z0-9]*$") || path.endsWith("/openai");
        this.endpoint = settings.resolve(versioned ? "/chat/completions" : "/v1/chat/completions");
    }

    @Override
    URI endpoint() {
        return endpoint;
    }

    @Override
    ObjectNode body(LlmRequest request) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", settings.model());
        body.putArray("messages")
                .add(Json.mapper().createObjectNode().put("role", "system").put("content", settings.systemPrompt()))
                .add(Json.mapper().createObjectNode().put("role", "user").put("content", prompt(request)));
        if (settings.maxTokens() > 0) {
            body.put("max_tokens", settings.maxTokens());
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        return body;
    }

    @Override
    LlmOutcome parse(JsonNode body, Duration latency) {
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray()) {
            return new LlmOutcome.Fatal(
                    "200 body has no choices array: " + ErrorClassifier.truncate(body.toString()), 200, latency);
        }
        JsonNode first = choices.path(0);
        String text = first.path("message").path("content").asText("").strip();
        if (text.isEmpty()) {
            return new LlmOutcome.Empty(
                    "no content (finish_reason " + first.path("finish_reason").asText("none") + ", " + choices.size()
                            + " choices)",
                    latency);
        }
        return new LlmOutcome.Answer(text, body.path("model").asText(settings.model()), latency);
    }

    @Override
    void authenticate(HttpRequest.Builder request) {
        if (!settings.apiKey().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.apiKey().reveal());
        }
    }
}
