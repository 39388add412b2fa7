package dev.sluice.answers.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.platform.kafka.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A running job's completed checkpoints as Flink's REST API reports them ({@code
 * /jobs/<id>/checkpoints}): how many, how long one took end to end (p50 and the longest), and the
 * newest one's state size. The checkpoint sweep shows them next to each interval: a checkpoint that
 * takes about as long as the interval leaves no room for a shorter one.
 */
public record CheckpointStats(long completed, long durationP50Ms, long durationMaxMs, long stateBytes) {

    /** The stats of job {@code jobId} from the REST endpoint at {@code restUrl}; empty if it cannot be read. */
    public static Optional<CheckpointStats> read(String restUrl, String jobId) {
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId + "/checkpoints"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("  checkpoint stats: HTTP " + response.statusCode() + " from " + restUrl);
                return Optional.empty();
            }
            return Optional.of(parse(Json.mapper().readTree(response.body())));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.err.println("  checkpoint stats not read from " + restUrl + ": " + e);
            return Optional.empty();
        }
    }

    /** From the body of {@code GET /jobs/<id>/checkpoints}. */
    static CheckpointStats parse(JsonNode body) {
        JsonNode duration = body.path("summary").path("end_to_end_duration");
        return new CheckpointStats(
                body.path("counts").path("completed").asLong(),
                duration.path("p50").asLong(),
                duration.path("max").asLong(),
                body.path("latest").path("completed").path("state_size").asLong());
    }
}
