package dev.sluice.answers.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.kafka.Json;
import java.time.Duration;
import java.time.Instant;

/** Ollama /api/chat bodies: one JSON object (stream false) and {@code {"error": "..."}} errors. */
final class OllamaWire implements WireFormat {
    @Override
    public ObjectNode answer(
            String text, String finishReason, Instant now, long sequence, Duration latency, int promptWords) {
        ObjectNode body = Json.mapper()
                .createObjectNode()
                .put("model", SimulatorSettings.MODEL)
                .put("created_at", now.toString());
        body.putObject("message").put("role", "assistant").put("content", text);
        return body.put("done_reason", finishReason)
                .put("done", true)
                .put("total_duration", latency.toNanos())
                .put("prompt_eval_count", promptWords)
                .put("eval_count", WireFormat.words(text));
    }

    @Override
    public ObjectNode badRequest(String message, String param) {
        return error(message);
    }

    @Override
    public ObjectNode overload(int status, int capacity) {
        // Ollama's own words when OLLAMA_MAX_QUEUE is exceeded.
        return error(
                status == 429
                        ? "rate limit exceeded: the sluice-simulator serves at most " + capacity
                                + " concurrent requests"
                        : "server busy, please try again.  maximum pending requests exceeded");
    }

    @Override
    public ObjectNode quota(double perSecond, Duration retryAfter) {
        return error("insufficient_quota: the sluice-simulator allows " + perSecond + " calls per second");
    }

    private static ObjectNode error(String message) {
        return Json.mapper().createObjectNode().put("error", message);
    }
}
