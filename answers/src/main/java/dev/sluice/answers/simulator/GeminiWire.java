package dev.sluice.answers.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.kafka.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Gemini's native generateContent bodies and Google RPC errors ({@code code}, {@code message},
 * {@code status}, {@code details}). A quota error says when to come back only in the body's
 * {@code google.rpc.RetryInfo.retryDelay}, never in a header, as Gemini does: the client's
 * classifier has to read it there.
 */
final class GeminiWire implements WireFormat {
    @Override
    public ObjectNode answer(
            String text, String finishReason, Instant now, long sequence, Duration latency, int promptWords) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode candidate = body.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        candidate
                .put("finishReason", "stop".equals(finishReason) ? "STOP" : "MAX_TOKENS")
                .put("index", 0);
        int completion = WireFormat.words(text);
        body.putObject("usageMetadata")
                .put("promptTokenCount", promptWords)
                .put("candidatesTokenCount", completion)
                .put("totalTokenCount", promptWords + completion);
        return body.put("modelVersion", SimulatorSettings.MODEL).put("responseId", "sim-" + sequence);
    }

    @Override
    public ObjectNode badRequest(String message, String param) {
        return error(400, message, "INVALID_ARGUMENT");
    }

    @Override
    public ObjectNode overload(int status, int capacity) {
        // Gemini's 429 is always RESOURCE_EXHAUSTED, so a client cannot tell this rate limit from a quota.
        return status == 429
                ? error(429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED")
                : error(503, "The model is overloaded. Please try again later.", "UNAVAILABLE");
    }

    @Override
    public ObjectNode quota(double perSecond, Duration retryAfter) {
        ObjectNode body = error(
                429,
                "You exceeded your current quota: the sluice-simulator allows " + perSecond
                        + " calls per second. Please retry in " + retryAfter.toMillis() + "ms.",
                "RESOURCE_EXHAUSTED");
        var details = body.withObjectProperty("error").putArray("details");
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                .putArray("violations")
                .addObject()
                .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests")
                .put("quotaId", "SimulatorRequestsPerSecond")
                .put("quotaValue", String.format(Locale.ROOT, "%s", perSecond));
        details.addObject()
                .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                .put("retryDelay", String.format(Locale.ROOT, "%.3fs", retryAfter.toNanos() / 1e9));
        return body;
    }

    @Override
    public boolean retryAfterHeaders() {
        return false;
    }

    private static ObjectNode error(int code, String message, String status) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("status", status);
        return body;
    }
}
