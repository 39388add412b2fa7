package dev.sluice.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.metrics.Metrics;
import dev.sluice.platform.service.ThreadNice;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Metrics metrics = Metrics.create();

    /** A request body a handler validates in its compact constructor, like the orders API does. */
    record Order(String nombre, long precio) {
        Order {
            if (precio <= 0) {
                throw BadRequest.field("precio", "must be a positive whole number, got " + precio);
            }
        }
    }

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private Javalin app(List<ReadinessCheck> checks, Consumer<RoutesConfig> routes) {
        return HttpApp.create(new HttpSettings(0, 64), metrics.registry(), checks, routes);
    }

    private Javalin app() {
        return app(List.of(), routes -> {
            routes.post("/orders", ctx -> ctx.status(201).json(ctx.bodyAsClass(Order.class)));
            routes.get("/orders/{id}", ctx -> {
                throw BadRequest.field("id", "must be a number");
            });
            routes.get("/boom", ctx -> {
                throw new IllegalStateException("secret internals at dev.sluice.Thing");
            });
        });
    }

    private static JsonNode json(Response response) throws Exception {
        return JSON.readTree(response.body().string());
    }

    private static Response post(io.javalin.testtools.HttpClient client, String path, String body) {
        return client.request(
                path,
                b -> b.post(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    @Test
    void handlerErrorNamesTheField() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/orders/abc");
            assertThat(response.code()).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("status").asInt()).isEqualTo(400);
            assertThat(body.get("error").asText()).isEqualTo("bad_request");
            assertThat(body.get("field").asText()).isEqualTo("id");
            assertThat(body.get("message").asText()).isEqualTo("must be a number");
        });
    }

    @Test
    void recordValidationInTheBodyNamesTheField() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = post(client, "/orders", "{\"nombre\":\"Macbook\",\"precio\":-1}");
            assertThat(response.code()).isEqualTo(400);
            assertThat(json(response).get("field").asText()).isEqualTo("precio");
            assertThat(json(response).get("message").asText()).contains("positive");
        });
    }

    @Test
    void wrongTypeAndUnknownFieldNameTheField() {
        JavalinTest.test(app(), (server, client) -> {
            Response wrongType = post(client, "/orders", "{\"nombre\":\"M\",\"precio\":\"cheap\"}");
            assertThat(wrongType.code()).isEqualTo(400);
            assertThat(json(wrongType).get("field").asText()).isEqualTo("precio");
            assertThat(json(wrongType).get("message").asText()).isEqualTo("'cheap' is not a number");

            Response unknown = post(client, "/orders", "{\"nombre\":\"M\",\"precio\":1,\"color\":\"red\"}");
            assertThat(unknown.code()).isEqualTo(400);
            assertThat(json(unknown).get("field").asText()).isEqualTo("color");
        });
    }

    @Test
    void malformedJsonIsA400WithTheLocation() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = post(client, "/orders", "{\"nombre\": \"M\", \"precio\": 12x}");
            assertThat(response.code()).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("message").asText()).startsWith("malformed JSON at line 1, column");
            assertThat(body.get("field").asText()).isEqualTo("precio");
        });
    }

    @Test
    void unknownRouteIsAJson404() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/nowhere");
            assertThat(response.code()).isEqualTo(404);
            JsonNode body = json(response);
            assertThat(body.get("error").asText()).isEqualTo("not_found");
            assertThat(body.get("message").asText()).isEqualTo("no route for GET /nowhere");
            assertThat(body.has("field")).isFalse();
        });
    }

    @Test
    void bodyOverTheLimitIsA413() {
        JavalinTest.test(app(), (server, client) -> {
            String big = "{\"nombre\":\"" + "x".repeat(100) + "\",\"precio\":1}";
            Response response = post(client, "/orders", big);
            assertThat(response.code()).isEqualTo(413);
            assertThat(json(response).get("status").asInt()).isEqualTo(413);
            assertThat(json(response).get("message").asText()).contains("http.max-body-bytes");

            Response small = post(client, "/orders", "{\"nombre\":\"M\",\"precio\":1}");
            assertThat(small.code()).isEqualTo(201);
        });
    }

    @Test
    void unexpectedFailureIsA500WithoutInternals() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/boom", b -> b.header(HttpApp.CORRELATION_HEADER, "req-42"));
            assertThat(response.code()).isEqualTo(500);
            String body = response.body().string();
            assertThat(body).doesNotContain("secret internals", "IllegalStateException", "at dev.sluice");
            assertThat(JSON.readTree(body).get("message").asText()).contains("req-42");
            assertThat(JSON.readTree(body).get("error").asText()).isEqualTo("server_error");
        });
    }

    @Test
    void correlationIdIsEchoedOrGenerated() {
        JavalinTest.test(app(), (server, client) -> {
            Response given = client.get("/health", b -> b.header(HttpApp.CORRELATION_HEADER, "abc-123"));
            assertThat(given.headers().get(HttpApp.CORRELATION_HEADER)).containsExactly("abc-123");

            Response generated = client.get("/health");
            assertThat(generated.headers().get(HttpApp.CORRELATION_HEADER))
                    .singleElement()
                    .asString()
                    .matches("[0-9a-f-]{36}");

            // Ids that could forge log lines or bloat headers are replaced, not echoed.
            Response unsafe = client.get("/health", b -> b.header(HttpApp.CORRELATION_HEADER, "a b; c=d"));
            assertThat(unsafe.headers().get(HttpApp.CORRELATION_HEADER))
                    .singleElement()
                    .asString()
                    .matches("[0-9a-f-]{36}");
        });
    }

    @Test
    void requestThreadsRunAtHttpNiceBelowTheCaller() {
        assumeThat(ThreadNice.current()).as("Linux /proc/thread-self").isPresent();
        int mine = ThreadNice.current().getAsInt();
        Javalin app = HttpApp.create(
                new HttpSettings(0, 64).withNice(4),
                metrics.registry(),
                List.of(),
                routes -> routes.get(
                        "/nice",
                        ctx -> ctx.result(String.valueOf(ThreadNice.current().orElse(-1)))));
        JavalinTest.test(app, (server, client) -> {
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("/nice").body().string()).isEqualTo(String.valueOf(Math.min(19, mine + 4)));
            }
        });
        JavalinTest.test(
                HttpApp.create(
                        new HttpSettings(0, 64),
                        metrics.registry(),
                        List.of(),
                        routes -> routes.get(
                                "/nice",
                                ctx -> ctx.result(
                                        String.valueOf(ThreadNice.current().orElse(-1))))),
                (server, client) -> assertThat(client.get("/nice").body().string())
                        .as("http.nice 0: the normal priority")
                        .isEqualTo(String.valueOf(mine)));
    }

    @Test
    void generatedCorrelationIdsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = HttpApp.newCorrelationId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void healthIsAlways200() {
        ReadinessCheck down = ReadinessCheck.of("kafka", Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("broker gone");
        });
        JavalinTest.test(app(List.of(down), r -> {}), (server, client) -> {
            assertThat(client.get("/health").code()).isEqualTo(200);
        });
    }

    @Test
    void readyIs503NamingTheFailedCheck() {
        ReadinessCheck up = ReadinessCheck.of("database", Duration.ofSeconds(1), () -> {});
        ReadinessCheck down = ReadinessCheck.of("kafka", Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("broker gone");
        });
        JavalinTest.test(app(List.of(up, down), r -> {}), (server, client) -> {
            Response response = client.get("/ready");
            assertThat(response.code()).isEqualTo(503);
            JsonNode body = json(response);
            assertThat(body.get("ready").asBoolean()).isFalse();
            assertThat(body.get("checks").get(0).get("name").asText()).isEqualTo("database");
            assertThat(body.get("checks").get(0).get("ready").asBoolean()).isTrue();
            assertThat(body.get("checks").get(1).get("name").asText()).isEqualTo("kafka");
            assertThat(body.get("checks").get(1).get("reason").asText()).isEqualTo("broker gone");
        });
        JavalinTest.test(
                app(List.of(up), r -> {}),
                (server, client) -> assertThat(client.get("/ready").code()).isEqualTo(200));
    }

    @Test
    void slowCheckFailsAtItsTimeout() {
        ReadinessCheck hung = ReadinessCheck.of(
                "slow", Duration.ofMillis(200), () -> new java.util.concurrent.CountDownLatch(1).await());
        JavalinTest.test(app(List.of(hung), r -> {}), (server, client) -> {
            Response response = client.get("/ready");
            assertThat(response.code()).isEqualTo(503);
            assertThat(json(response).get("checks").get(0).get("reason").asText())
                    .isEqualTo("no answer within 200ms");
        });
    }

    @Test
    void metricsServePrometheusTextWithJvmAndRequestTimers() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/orders/7").code()).isEqualTo(400);
            assertThat(client.get("/orders/8").code()).isEqualTo(400);
            // The request logger records the timer after the response is sent, so wait for it.
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Response response = client.get("/metrics");
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.headers().get("Content-Type"))
                        .singleElement()
                        .asString()
                        .startsWith("text/plain");
                assertThat(response.body().string())
                        .contains("# TYPE jvm_memory_used_bytes gauge")
                        .contains(
                                "http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/orders/{id}\"} 2");
            });
        });
    }
}
