package dev.sluice.answers.loadgen;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.kafka.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Posts each question to the gateway's {@code POST /api/questions} with the JDK HTTP client, with
 * the dataset's id so repeats of a question reach the cache. 202 is queued, 200 answered from the
 * cache or storage, anything else (or no answer within {@code timeout}) failed.
 */
public final class HttpTarget implements Target {
    private final HttpClient client;
    private final URI endpoint;
    private final Duration timeout;
    private final Optional<Secret> apiKey;

    /** @param gateway the gateway's base URL, e.g. {@code http://localhost:8080} */
    public HttpTarget(URI gateway, Duration timeout) {
        this(gateway, timeout, Optional.empty());
    }

    /** As above; every POST carries {@code apiKey} as {@code Authorization: Bearer}, for a gateway that requires one. */
    public HttpTarget(URI gateway, Duration timeout, Optional<Secret> apiKey) {
        Objects.requireNonNull(gateway, "gateway: the gateway's base URL, e.g. http://localhost:8080");
        this.endpoint = gateway.resolve("/api/questions");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey (Optional.empty() for none)");
        // HTTP/1.1: the gateway speaks it, and an HTTP/2-first client tries an h2c upgrade on every new connection
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public CompletableFuture<Outcome> send(QaPair question) {
        return post(body(question))
                .thenApply(status -> switch (status) {
                    case 202 -> Outcome.QUEUED;
                    case 200 -> Outcome.ANSWERED;
                    default -> Outcome.FAILED;
                })
                .exceptionally(error -> Outcome.FAILED);
    }

    /**
     * Posts several questions in one request ({@code {"questions":[...]}}); QUEUED when the gateway
     * took the batch (202), FAILED otherwise.
     */
    public CompletableFuture<Outcome> sendBatch(java.util.List<QaPair> questions) {
        java.util.List<Map<String, String>> items = new java.util.ArrayList<>(questions.size());
        for (QaPair q : questions) {
            items.add(fields(q));
        }
        return post(json(Map.of("questions", items)))
                .thenApply(status -> status == 202 ? Outcome.QUEUED : Outcome.FAILED)
                .exceptionally(error -> Outcome.FAILED);
    }

    /** POSTs a JSON body to the gateway; the future completes with the status code. */
    private CompletableFuture<Integer> post(byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        apiKey.ifPresent(k -> request.header("Authorization", "Bearer " + k.reveal()));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    private static Map<String, String> fields(QaPair q) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", q.id());
        fields.put("title", q.title());
        fields.put("content", q.content());
        fields.put("bestAnswer", q.bestAnswer());
        return fields;
    }

    static byte[] body(QaPair q) {
        return json(fields(q));
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps and lists of strings are always writable as JSON", e);
        }
    }
}
