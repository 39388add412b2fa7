package dev.sluice.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.metrics.Metrics;
import dev.sluice.platform.service.Backoff;
import dev.sluice.platform.service.ScriptedService;
import dev.sluice.platform.service.ServiceHealth;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /ready} follows a polling service's health: 200 only while RUNNING, 503 naming it otherwise. */
class ServiceReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Metrics metrics = Metrics.create();
    private final ScriptedService worker = ScriptedService.polling(
            "llm-worker-a", new Backoff(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO));
    private final ScriptedService storage = ScriptedService.polling(
            "answers-storage", new Backoff(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ZERO));

    @AfterEach
    void stop() {
        worker.stop();
        storage.stop();
        metrics.close();
    }

    private static JsonNode check(Response response, String name) throws Exception {
        for (JsonNode c : JSON.readTree(response.body().string()).get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check named " + name);
    }

    @Test
    void shouldBeReadyOnlyWhileEveryServiceIsRunning() {
        List<ReadinessCheck> checks = List.of(ReadinessCheck.service(worker), ReadinessCheck.service(storage));
        JavalinTest.test(HttpApp.create(new HttpSettings(0, 1024), metrics.registry(), checks), (server, client) -> {
            Response notStarted = client.get("/ready");
            assertThat(notStarted.code()).isEqualTo(503);
            assertThat(check(notStarted, "llm-worker-a").get("reason").asText()).startsWith("STOPPED, 0 restarts");

            worker.start();
            storage.start();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(client.get("/ready").code()).isEqualTo(200));

            worker.injectFault(new IllegalStateException("broker connection lost"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Response restarting = client.get("/ready");
                assertThat(restarting.code()).isEqualTo(503);
                JsonNode c = check(restarting, "llm-worker-a");
                assertThat(c.get("ready").asBoolean()).isFalse();
                assertThat(c.get("reason").asText())
                        .isEqualTo("RESTARTING, 1 restart, last error: IllegalStateException: broker connection lost");
                assertThat(check(restarting, "answers-storage").get("ready").asBoolean())
                        .isTrue();
            });
        });
    }

    @Test
    void shouldNameAFailedServiceAndTurnReadyAgainWhenARestartedOneRuns() {
        List<ReadinessCheck> checks = List.of(ReadinessCheck.service(storage));
        JavalinTest.test(HttpApp.create(new HttpSettings(0, 1024), metrics.registry(), checks), (server, client) -> {
            storage.start();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(client.get("/ready").code()).isEqualTo(200));

            storage.injectFault(new IllegalStateException("database gone"));
            await().atMost(Duration.ofSeconds(10)).until(() -> storage.health().restarts() == 1);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(client.get("/ready").code()).isEqualTo(200));

            storage.injectFault(new ProducerFencedException("newer producer with the same transactionalId"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Response failed = client.get("/ready");
                assertThat(failed.code()).isEqualTo(503);
                assertThat(check(failed, "answers-storage").get("reason").asText())
                        .startsWith("FAILED, 1 restart, last error: ProducerFencedException");
            });
        });
    }

    @Test
    void shouldTakeAnyHealthSupplier() throws Exception {
        ReadinessCheck check = ReadinessCheck.service(
                "notifier", () -> new ServiceHealth("notifier", ServiceHealth.State.RUNNING, 2, "old"));
        assertThat(check.name()).isEqualTo("notifier");
        check.probe();
    }
}
