package dev.sluice.orders.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.orders.Order;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestRoutesTest {
    private final List<Order> published = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private Javalin app() {
        RequestRoutes routes = new RequestRoutes(ids::incrementAndGet, published::add);
        return HttpApp.create(
                new HttpSettings(0, 1024),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                List.of(),
                routes::register);
    }

    private static Response post(io.javalin.testtools.HttpClient client, String body) {
        return client.request(
                "/orders",
                b -> b.post(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    private static JsonNode json(Response response) throws Exception {
        return Json.mapper().readTree(response.body().string());
    }

    @Test
    void shouldAcceptAValidOrderWithANewIdAndPublishIt() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = post(
                    client,
                    "{\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"correopersonal@correo.com\"}");
            assertThat(response.code()).isEqualTo(201);
            assertThat(response.headers().get("Location")).containsExactly("/orders/1");
            assertThat(response.body().string())
                    .isEqualTo(
                            "{\"id\":1,\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"correopersonal@correo.com\",\"estado\":\"recibido\"}");
            assertThat(published).extracting(Order::id).containsExactly(1L);
        });
    }

    @Test
    void shouldGiveEveryOrderItsOwnId() {
        JavalinTest.test(app(), (server, client) -> {
            for (int i = 0; i < 3; i++) {
                assertThat(post(client, "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\"}")
                                .code())
                        .isEqualTo(201);
            }
            assertThat(published).extracting(Order::id).containsExactly(1L, 2L, 3L);
        });
    }

    @Test
    void shouldRefuseBadInputNamingTheField() {
        JavalinTest.test(app(), (server, client) -> {
            assertBad(client, "{\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre", "required");
            assertBad(client, "{\"nombre\":\"  \",\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre", "empty");
            assertBad(client, "{\"nombre\":\"x\",\"correo\":\"a@b.cl\"}", "precio", "required");
            assertBad(client, "{\"nombre\":\"x\",\"precio\":-1,\"correo\":\"a@b.cl\"}", "precio", "zero or more");
            assertBad(client, "{\"nombre\":\"x\",\"precio\":\"caro\",\"correo\":\"a@b.cl\"}", "precio", "a number");
            assertBad(client, "{\"nombre\":\"x\",\"precio\":12.5,\"correo\":\"a@b.cl\"}", "precio", "whole number");
            assertBad(client, "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"no-arroba\"}", "correo", "not an e-mail");
            assertBad(client, "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b\"}", "correo", "not an e-mail");
            assertBad(client, "{\"nombre\":\"x\",\"precio\":1}", "correo", "required");
            assertBad(
                    client,
                    "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\",\"color\":\"rojo\"}",
                    "color",
                    "unknown field");
            assertBad(client, "{\"id\":5,\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\"}", "id", "unknown field");
            assertThat(published).as("nothing invalid is published").isEmpty();
        });
    }

    @Test
    void shouldRefuseMalformedAndEmptyBodies() {
        JavalinTest.test(app(), (server, client) -> {
            Response malformed = post(client, "{\"nombre\":\"x\",");
            assertThat(malformed.code()).isEqualTo(400);
            assertThat(json(malformed).get("message").asText()).startsWith("malformed JSON");
            assertThat(post(client, "").code()).isEqualTo(400);
            assertThat(post(client, "null").code()).isEqualTo(400);
            assertThat(published).isEmpty();
        });
    }

    @Test
    void shouldRefuseAnOversizedBodyWith413() {
        JavalinTest.test(app(), (server, client) -> {
            Response response =
                    post(client, "{\"nombre\":\"" + "x".repeat(2000) + "\",\"precio\":1,\"correo\":\"a@b.cl\"}");
            assertThat(response.code()).isEqualTo(413);
            assertThat(json(response).get("message").asText()).contains("limit");
            assertThat(published).isEmpty();
        });
    }

    @Test
    void shouldRefuseABadIdempotencyKeyNamingTheHeaderAndPublishNothing() {
        JavalinTest.test(app(), (server, client) -> {
            for (String key : List.of("\"\"", "k".repeat(256), "\"a\"b\"")) {
                Response response = client.request(
                        "/orders",
                        b -> b.post(HttpRequest.BodyPublishers.ofString(
                                        "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\"}"))
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", key));
                JsonNode json = json(response);
                assertThat(response.code()).as(key).isEqualTo(400);
                assertThat(json.path("field").asText()).isEqualTo("Idempotency-Key");
                assertThat(json.path("message").asText()).startsWith("the Idempotency-Key header ");
            }
            assertThat(published).isEmpty();
        });
    }

    @Test
    void shouldRefuseAnIdempotencyKeyWith501WhereNoKeysAreKept() {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.request(
                    "/orders",
                    b -> b.post(HttpRequest.BodyPublishers.ofString(
                                    "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\"}"))
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "\"order-1\""));
            assertThat(response.code()).isEqualTo(501);
            assertThat(published).as("never a silently doubled order").isEmpty();
        });
    }

    @Test
    void shouldReadTheKeyAsAStructuredFieldStringOrABareToken() {
        assertThat(IdempotencyKeys.parseHeader(null)).isNull();
        assertThat(IdempotencyKeys.parseHeader("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""))
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotencyKeys.parseHeader("8e03978e-40d5-43e8-bc93-6894a57f9324"))
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotencyKeys.parseHeader("\"say \\\"hi\\\" \\\\ bye\"")).isEqualTo("say \"hi\" \\ bye");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdempotencyKeys.parseHeader("caf\u00e9"))
                .hasMessageContaining("printable ASCII");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdempotencyKeys.parseHeader("\"a\\b\""))
                .hasMessageContaining("backslash");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdempotencyKeys.parseHeader("  "))
                .hasMessageContaining("empty");
    }

    @Test
    void shouldAnswer503WhenTheOrderCannotBeStored() {
        RequestRoutes routes = new RequestRoutes(ids::incrementAndGet, order -> {
            throw new IllegalStateException("broker down");
        });
        Javalin app = HttpApp.create(
                new HttpSettings(0, 1024),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                List.of(),
                routes::register);
        JavalinTest.test(
                app,
                (server, client) -> assertThat(post(client, "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\"}")
                                .code())
                        .isEqualTo(503));
    }

    private static void assertBad(io.javalin.testtools.HttpClient client, String body, String field, String words)
            throws Exception {
        Response response = post(client, body);
        JsonNode json = json(response);
        assertThat(response.code()).as("status for %s", body).isEqualTo(400);
        assertThat(json.path("field").asText())
                .as("field for %s: %s", body, json)
                .isEqualTo(field);
        assertThat(json.path("message").asText()).as("message for %s", body).contains(words);
    }
}
