package dev.sluice.answers.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.kafka.Json;
import java.time.Duration;
import java.time.Instant;

/** OpenAI chat-completion bodies, field for field, with the model named {@value SimulatorSettings#MODEL}. */
final class OpenAiWire implements WireFormat {
    @Override
    public ObjectNode answer(
            String text, String finishReason, Instant now, long sequence, Duration latency, int promptWords) {
        ObjectNode body = Json.mapper()
                .createObjectNode()
                .put("id", "chatcmpl-sim-" + sequence)
                .put("object", "chat.completion")
                .put("created", now.getEpochSecond())
                .put("model", SimulatorSettings.MODEL);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message")
                .put("role", "assistant")
                .put("content", text)
                .putNull("refusal");
        choice.putNull("logprobs").put("finish_reason", finishReason);
        int completion = WireFormat.words(text);
        body.putObject("usage")
                .put("prompt_tokens", promptWords)
                .put("completion_tokens", completion)
                .put("total_tokens", promptWords + completion);
        body.put("system_fingerprint", "sluice-simulator");
        return body;
    }

    @Override
    public ObjectNode badRequest(String message, String param) {
        return error(message, "invalid_request_error", param, null);
    }

    @Override
    public ObjectNode overload(int status, int capacity) {
        return status == 429
                ? error(
                        "Rate limit reached for sluice-simulator: at most " + capacity
                                + " concurrent requests. Please try again shortly.",
                        "requests",
                        null,
                        "rate_limit_exceeded")
                : error(
                        "The sluice-simulator is overloaded (at most " + capacity + " concurrent requests).",
                        "server_error",
                        null,
                        null);
    }

    @Override
    public ObjectNode quota(double perSecond, Duration retryAfter) {
        return error(
                "You exceeded your current quota: the sluice-simulator allows " + perSecond
                        + " calls per second. Retry after " + retryAfter.toMillis() + " ms.",
                "insufficient_quota",
                null,
                "insufficient_quota");
    }

    private static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return body;
    }
}
