package dev.sluice.answers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.platform.kafka.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the three provider clients share: one JDK {@link HttpClient}, the per-request timeout, the
 * in-flight bound, latency measurement, and classification of everything that is not a 2xx. A
 * subclass only says where to POST, what to send and where the text is in a 2xx body.
 *
 * <p>Never throws for provider or network faults: they become an {@link LlmOutcome}.
 */
abstract class HttpLlmClient implements LlmClient {
    private static final Logger log = LoggerFactory.getLogger(HttpLlmClient.class);

    protected final LlmSettings settings;
    private final ErrorClassifier classifier;
    private final HttpClient http;
    private final Semaphore inFlight;
    /** When the last "model not pulled" warning was logged (nanoTime), so a missing model logs once a minute, not per call. */
    private final AtomicLong notPulledLoggedAt = new AtomicLong(System.nanoTime() - NOT_PULLED_LOG_EVERY.toNanos());

    private static final Duration NOT_PULLED_LOG_EVERY = Duration.ofMinutes(1);

    HttpLlmClient(LlmSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.classifier = new ErrorClassifier(clock);
        // HTTP/1.1: local servers (Ollama, llama.cpp, the simulator) speak it; h2c upgrades buy nothing here.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
        this.inFlight = new Semaphore(settings.maxInFlight(), true);
    }

    /** The endpoint to POST to. */
    abstract URI endpoint();

    /** The JSON request body. */
    abstract ObjectNode body(LlmRequest request);

    /** A 2xx body's text: an {@link LlmOutcome.Answer}, {@link LlmOutcome.Empty} or {@link LlmOutcome.Fatal}. */
    abstract LlmOutcome parse(JsonNode body, Duration latency);

    /** Adds the provider's authentication header, if a key is configured. */
    abstract void authenticate(HttpRequest.Builder request);

    /**
     * Waits for a call slot, then calls; slot wait and call share one deadline of {@code timeout},
     * so a caller never waits longer than the configured bound in total.
     */
    @Override
    public final LlmOutcome complete(LlmRequest request) {
        long start = System.nanoTime();
        try {
            if (!inFlight.tryAcquire(settings.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return busy(start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LlmOutcome.Overload("interrupted while waiting for a call slot", 0, since(start));
        }
        try {
            Duration budget = settings.timeout().minus(since(start));
            return budget.toMillis() < 1 ? busy(start) : redact(call(request, start, budget));
        } finally {
            inFlight.release();
        }
    }

    /** Callers waiting for a slot, for tests and metrics. */
    int waiting() {
        return inFlight.getQueueLength();
    }

    private LlmOutcome busy(long start) {
        return new LlmOutcome.Overload(
                "client busy: " + settings.maxInFlight() + " calls in flight for " + settings.timeout()
                        + " (llm.max-in-flight)",
                0,
                since(start));
    }

    private LlmOutcome call(LlmRequest request, long start, Duration budget) {
        HttpResponse<String> response;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint())
                    .timeout(budget)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header(LlmHeaders.ATTEMPT, Integer.toString(request.attempt()))
                    .header(LlmHeaders.QUESTION_ID, request.questionId())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body(request))));
            authenticate(builder);
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LlmOutcome.Overload("interrupted during the call", 0, since(start));
        } catch (IOException | RuntimeException e) {
            LlmOutcome outcome = classifier.classify(e, since(start));
            log.debug("{} call for {} failed: {}", describe(), request.questionId(), outcome);
            return outcome;
        }
        Duration latency = since(start);
        if (response.statusCode() / 100 != 2) {
            if (ErrorClassifier.modelNotPulled(response.statusCode(), response.body())) {
                warnModelNotPulled();
            }
            return classifier.classify(response.statusCode(), response.headers(), response.body(), latency);
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return new LlmOutcome.Fatal(
                    "unparseable " + response.statusCode() + " body: " + ErrorClassifier.truncate(response.body()),
                    response.statusCode(),
                    latency);
        }
        return parse(json, latency);
    }

    private void warnModelNotPulled() {
        long last = notPulledLoggedAt.get();
        long now = System.nanoTime();
        if (now - last >= NOT_PULLED_LOG_EVERY.toNanos() && notPulledLoggedAt.compareAndSet(last, now)) {
            log.warn(
                    "{} at {} has no model '{}' yet (HTTP 404: not found, try pulling it first): questions are retried"
                            + " with overload backoff until it is there; pull it with `ollama pull {}`"
                            + " (docker compose: the ollama-pull service)",
                    settings.provider().name().toLowerCase(java.util.Locale.ROOT),
                    settings.baseUrl(),
                    settings.model(),
                    settings.model());
        }
    }

    /** A provider may echo part of the key in an error (OpenAI's 401 does); it never leaves this class. */
    private LlmOutcome redact(LlmOutcome outcome) {
        String key = settings.apiKey().reveal();
        if (key.isEmpty()) {
            return outcome;
        }
        if (outcome instanceof LlmOutcome.Fatal f) {
            return new LlmOutcome.Fatal(f.reason().replace(key, "****"), f.httpStatus(), f.latency());
        }
        if (outcome instanceof LlmOutcome.Overload o) {
            return new LlmOutcome.Overload(o.reason().replace(key, "****"), o.httpStatus(), o.latency());
        }
        if (outcome instanceof LlmOutcome.Quota q) {
            return new LlmOutcome.Quota(q.reason().replace(key, "****"), q.httpStatus(), q.retryAfter(), q.latency());
        }
        return outcome;
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    String prompt(LlmRequest request) {
        return Prompts.user(request);
    }

    @Override
    public String describe() {
        return settings.provider().name().toLowerCase(java.util.Locale.ROOT) + ":" + settings.model();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + " at " + settings.baseUrl() + "]";
    }
}
