package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.config.MetricsSettings;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.ReadinessCheck;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /ready follows a real broker: false while it is down, true again once it is back. */
class ReadinessITCase {
    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> get(Javalin app, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyTurnsFalseWhenTheBrokerStopsAndTrueWhenItReturns() throws Exception {
        ReadinessCheck kafkaCheck = ReadinessCheck.kafka(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(2));
        try (Metrics metrics = Metrics.create(new MetricsSettings(false))) {
            Javalin app = HttpApp.create(new HttpSettings(0, 1024), metrics.registry(), List.of(kafkaCheck))
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() ->
                                assertThat(get(app, "/ready").statusCode()).isEqualTo(200));

                kafka.broker().stop();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> ready = get(app, "/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ready.body()).contains("\"name\":\"kafka\"").contains("\"ready\":false");
                });
                assertThat(get(app, "/health").statusCode())
                        .as("liveness does not depend on Kafka")
                        .isEqualTo(200);

                kafka.broker().start();

                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() ->
                                assertThat(get(app, "/ready").statusCode()).isEqualTo(200));
            } finally {
                app.stop();
            }
        }
    }
}
