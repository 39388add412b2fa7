package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.answers.LlmOptions;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.service.PollingService;
import dev.sluice.platform.test.ServiceFaults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process assembly `sluice up` runs (embedded Kafka, PostgreSQL, Flink; the delay scheduler,
 * the orders services, every answers part with the LLM simulator, one HTTP app): /ready names every
 * service and dependency, and a service whose session is killed by an injected fault shows in
 * /ready by name until it has resumed.
 */
class StackITCase {
    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> ready(Stack stack) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.url() + "/ready"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Every metric the provisioned Grafana dashboard (docker-compose) queries is one this process
     * really exposes at /metrics, once a question and an order have gone through; and the live
     * status line reads the same read models.
     */
    private void assertDashboardMetricsExposed(Stack stack) throws Exception {
        post(stack, "/api/questions", "{\"title\":\"Why is the sky blue?\",\"bestAnswer\":\"Rayleigh scattering.\"}");
        post(stack, "/orders", "{\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"a@b.c\"}");
        var wanted = GrafanaDashboard.metricNames(GrafanaDashboard.read());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = http.send(
                            HttpRequest.newBuilder(URI.create(stack.url() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(GrafanaDashboard.exposed(scrape)).containsAll(wanted);
            assertThat(stack.status()).startsWith("answers 1 in").contains("orders recibido");
        });
    }

    private void post(Stack stack, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(stack.url() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(200, 202);
    }

    @Test
    void shouldNameEveryServiceInReadyAndShowAKilledSessionUntilItResumes() throws Exception {
        SluiceConfig config = ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of("work-dir", work.toString(), "flink.rest-port", "0", "http.port", "0"));
        var run = new AnswersSystem.Run(
                EnumSet.allOf(AnswersSystem.Part.class),
                "stack-itcase",
                1,
                LlmOptions.simulator(4)
                        .choice(SimulatorSettings.defaults(1), SampleDataset.pairs(50, SampleDataset.DEFAULT_SEED)));
        try (Stack stack = Stack.builder(config)
                .instance("stack-itcase")
                .orders()
                .answers(run)
                .http(0)
                .start()) {
            List<PollingService> services = new ArrayList<>();
            services.add(stack.scheduler());
            services.addAll(stack.orders().services());
            services.addAll(stack.answers().services());
            assertThat(services)
                    .hasSize(1 + 2 + 2 + 1 + 1); // scheduler, processor+notifier, 2 retry schedulers, worker, storage

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                HttpResponse<String> ready = ready(stack);
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("\"name\":\"kafka\"", "\"name\":\"database\"", "scoring-job");
                for (PollingService s : services) {
                    assertThat(ready.body()).contains("\"name\":\"" + s.name() + "\"");
                }
            });

            assertDashboardMetricsExposed(stack);

            for (PollingService s :
                    List.of(stack.answers().storage(), stack.orders().services().get(0), stack.scheduler())) {
                ServiceFaults.killSession(s);
                // the first new session starts after a backoff of at least 1 s: /ready says so meanwhile
                HttpResponse<String> notReady = ready(stack);
                assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
                assertThat(notReady.body())
                        .contains(s.name())
                        .contains("RESTARTING")
                        .contains("injected");
                ServiceFaults.awaitRunning(s);
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(ready(stack).statusCode()).isEqualTo(200));
            }
        }
    }
}
