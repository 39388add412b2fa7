package dev.sluice.answers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.platform.kafka.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * DESIGN.md's "Errors from LLM APIs" table in one place, for every provider: an HTTP status, its
 * headers and body, or a transport exception become an {@link LlmOutcome}. Ours because client
 * libraries retry 429s at once and cannot tell a quota from a rate limit (DESIGN.md, known traps).
 *
 * <p>The one judgement call is 429: a rate limit clears in seconds (overload: back off), a quota
 * does not (park until the server's delay). Providers say which only in words, so a 429 whose body
 * names {@code insufficient_quota}, {@code RESOURCE_EXHAUSTED}, a quota or billing is a quota error;
 * any other 429 is overload.
 *
 * <p>One 404 is not fatal: Ollama's {@code model "x" not found, try pulling it first} (its native and
 * its OpenAI-compatible endpoint) means the model is not pulled <em>yet</em> — in docker-compose
 * {@code ollama-pull} may still be downloading it, or an operator is about to pull it. It is
 * retried as overload (exponential backoff, and the circuit breaker holds calls back while it
 * lasts); if the model never arrives the question ends in the DLQ with that reason after the
 * overload retries. Any other 404 (a wrong URL path, OpenAI's {@code model_not_found}) stays fatal:
 * waiting does not fix it.
 */
public final class ErrorClassifier {
    static final int MAX_REASON = 300;
    /** The words of Ollama's 404 for a model it has not pulled (server/routes.go, {@code model %q not found, ...}). */
    static final String OLLAMA_NOT_PULLED = "not found, try pulling it first";

    private static final String[] QUOTA_WORDS = {"insufficient_quota", "resource_exhausted", "quota", "billing"};

    private final Clock clock;

    public ErrorClassifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A non-2xx answer. */
    public LlmOutcome classify(int status, HttpHeaders headers, String body, Duration latency) {
        Optional<JsonNode> error = errorObject(body);
        String message = error.map(ErrorClassifier::message).orElse(snippet(body));
        String reason = "HTTP " + status + (message.isBlank() ? "" : ": " + message);
        if (status == 402 || (status == 429 && mentionsQuota(body))) {
            Optional<Duration> delay = RetryDelays.fromHeaders(
                    headers.firstValue("retry-after-ms"), headers.firstValue("retry-after"), clock);
            if (delay.isEmpty()) {
                delay = error.flatMap(RetryDelays::fromGoogleBody);
            }
            return new LlmOutcome.Quota(reason, status, delay, latency);
        }
        if (modelNotPulled(status, body)) {
            return new LlmOutcome.Overload(
                    reason + " (the model is not pulled yet: `ollama pull <model>`; retried with backoff)",
                    status,
                    latency);
        }
        if (status == 429 || status == 408 || status >= 500) {
            // 500 is not in DESIGN.md's table; providers use it for transient faults, so it is retried.
            return new LlmOutcome.Overload(reason, status, latency);
        }
        return new LlmOutcome.Fatal(reason, status, latency);
    }

    /** No HTTP answer at all: timeouts and refused or reset connections are the server's overload. */
    public LlmOutcome classify(Throwable failure, Duration latency) {
        String what =
                failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        if (failure instanceof HttpConnectTimeoutException || failure instanceof HttpTimeoutException) {
            return new LlmOutcome.Overload("timed out after " + latency.toMillis() + " ms (" + what + ")", 0, latency);
        }
        if (failure instanceof ConnectException) {
            return new LlmOutcome.Overload("connection refused (" + what + ")", 0, latency);
        }
        if (failure instanceof IOException) {
            return new LlmOutcome.Overload("connection failed (" + what + ")", 0, latency);
        }
        return new LlmOutcome.Fatal("client error " + what, 0, latency);
    }

    /** Ollama's 404 for a model it does not have (yet); any other 404 is a wrong URL or model name. */
    static boolean modelNotPulled(int status, String body) {
        return status == 404 && body != null && body.contains(OLLAMA_NOT_PULLED);
    }

    static boolean mentionsQuota(String body) {
        String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
        for (String word : QUOTA_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code error} member of an OpenAI, Google or Ollama error body. Gemini's OpenAI endpoint
     * wraps it in an array ({@code [{"error": ...}]}); Ollama's is a bare string.
     */
    static Optional<JsonNode> errorObject(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.mapper().readTree(body);
            if (root != null && root.isArray() && !root.isEmpty()) {
                root = root.get(0);
            }
            JsonNode error = root == null ? null : root.get("error");
            return Optional.ofNullable(error);
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private static String message(JsonNode error) {
        if (error.isTextual()) {
            return truncate(error.asText());
        }
        String text = error.path("message").asText("");
        String code = error.path("code").isTextual()
                ? error.path("code").asText()
                : error.path("status").asText(error.path("type").asText(""));
        return truncate(code.isBlank() ? text : code + " - " + text);
    }

    private static String snippet(String body) {
        return body == null ? "" : truncate(body.strip());
    }

    static String truncate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "...";
    }
}
