package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.orders.api.RequestRoutes;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.http.ApiKeys;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /orders/{id}} and {@code POST /orders} behind the platform's API keys: who sees the e-mail. */
class LookupRoutesTest {
    private static final String KEY = "orders-key-0123456789abcdef";
    private static final Order ORDER =
            new Order(7, "Macbook air M1", 759000, "correopersonal@correo.com", Estado.PREPARANDO);
    private static final String FULL =
            "{\"id\":7,\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"correopersonal@correo.com\",\"estado\":\"preparando\"}";
    private static final String MASKED =
            "{\"id\":7,\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"c***@c***.com\",\"estado\":\"preparando\"}";

    private static final List<NotificationStore.StateSeen> HISTORY = List.of(
            new NotificationStore.StateSeen(
                    Estado.RECIBIDO, Instant.parse("2024-01-01T10:00:00Z"), Instant.parse("2024-01-01T10:00:00.200Z")),
            new NotificationStore.StateSeen(Estado.PREPARANDO, Instant.parse("2024-01-01T10:00:05Z"), null));

    private final List<Order> published = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(100);

    private Javalin app(List<Secret> keys) {
        LookupRoutes lookups = new LookupRoutes(
                id -> Optional.ofNullable(Map.of(7L, ORDER).get(id)), id -> id == 7L ? HISTORY : List.of());
        RequestRoutes requests = new RequestRoutes(ids::incrementAndGet, published::add);
        return HttpApp.create(
                new HttpSettings(0, 4096).withApiKeys(keys),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                List.of(),
                routes -> {
                    requests.register(routes);
                    lookups.register(routes);
                });
    }

    private static Response get(HttpClient client, String path, String key) {
        return client.get(path, b -> {
            if (key != null) {
                b.header(ApiKeys.AUTHORIZATION, "Bearer " + key);
            }
        });
    }

    private static Response post(HttpClient client, String key) {
        return client.request("/orders", b -> {
            b.post(HttpRequest.BodyPublishers.ofString("{\"nombre\":\"x\",\"precio\":1,\"correo\":\"ana@empresa.cl\"}"))
                    .header("Content-Type", "application/json");
            if (key != null) {
                b.header(ApiKeys.AUTHORIZATION, "Bearer " + key);
            }
        });
    }

    private static JsonNode json(Response response) throws Exception {
        return Json.mapper().readTree(response.body().string());
    }

    @Test
    void shouldMaskTheEmailWhenNoKeysAreConfigured() {
        JavalinTest.test(app(List.of()), (server, client) -> {
            Response response = get(client, "/orders/7", null);
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo(MASKED);
            assertThat(post(client, null).code())
                    .as("writes stay open without keys")
                    .isEqualTo(201);
        });
    }

    @Test
    void shouldShowTheEmailOnlyWithAValidKey() {
        JavalinTest.test(app(List.of(Secret.of(KEY))), (server, client) -> {
            Response anonymous = get(client, "/orders/7", null);
            assertThat(anonymous.code()).isEqualTo(200);
            assertThat(anonymous.body().string()).isEqualTo(MASKED);

            Response keyed = get(client, "/orders/7", KEY);
            assertThat(keyed.code()).isEqualTo(200);
            assertThat(keyed.body().string()).isEqualTo(FULL);

            Response wrong = get(client, "/orders/7", "not-the-key-0123456789ab");
            assertThat(wrong.code()).isEqualTo(403);
            assertThat(wrong.body().string()).doesNotContain("correopersonal");

            assertThat(get(client, "/orders/8", null).code()).isEqualTo(404);
        });
    }

    @Test
    void shouldListTheStatesSeenAndMaskTheEmailOfTheHistoryWithoutAKey() {
        JavalinTest.test(app(List.of(Secret.of(KEY))), (server, client) -> {
            Response anonymous = get(client, "/orders/7/history", null);
            assertThat(anonymous.code()).isEqualTo(200);
            JsonNode body = json(anonymous);
            assertThat(body.get("order").get("correo").asText()).isEqualTo("c***@c***.com");
            assertThat(body.get("states")).hasSize(2);
            assertThat(body.get("states").get(0).get("estado").asText()).isEqualTo("recibido");
            assertThat(body.get("states").get(0).get("emailSentAt").asText()).isEqualTo("2024-01-01T10:00:00.200Z");
            assertThat(body.get("states").get(1).get("emailSentAt").isNull()).isTrue();

            Response keyed = get(client, "/orders/7/history", KEY);
            assertThat(json(keyed).get("order").get("correo").asText()).isEqualTo("correopersonal@correo.com");

            assertThat(get(client, "/orders/8/history", null).code()).isEqualTo(404);
            assertThat(get(client, "/orders/x/history", null).code()).isEqualTo(400);
        });
    }

    @Test
    void shouldTakeAnOrderOnlyWithAValidKey() {
        JavalinTest.test(app(List.of(Secret.of(KEY))), (server, client) -> {
            Response missing = post(client, null);
            assertThat(missing.code()).isEqualTo(401);
            assertThat(json(missing).get("error").asText()).isEqualTo("unauthorized");

            Response wrong = post(client, "not-the-key-0123456789ab");
            assertThat(wrong.code()).isEqualTo(403);
            assertThat(json(wrong).get("error").asText()).isEqualTo("forbidden");
            assertThat(published).as("nothing refused is published").isEmpty();

            Response accepted = post(client, KEY);
            assertThat(accepted.code()).isEqualTo(201);
            assertThat(json(accepted).get("correo").asText())
                    .as("the client sent the e-mail; the answer to its own POST shows it")
                    .isEqualTo("ana@empresa.cl");
            assertThat(published).extracting(Order::id).containsExactly(101L);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "correopersonal@correo.com, c***@c***.com",
        "a@b.cl, a***@b***.cl",
        "ana.perez@mail.empresa.co.uk, a***@m***.uk",
        "x@localhost, x***@l***",
        "josé@correo.cl, j***@c***.cl",
        "\uD83D\uDE00ana@correo.com, \uD83D\uDE00***@c***.com",
        "ana@\uD83D\uDE00.com, a***@\uD83D\uDE00***.com",
    })
    void shouldKeepTheFirstLettersAndTheTopLevelDomain(String email, String masked) {
        assertThat(LookupRoutes.mask(email)).isEqualTo(masked);
    }

    /** OrderFields accepts letters outside the BMP; the mask must not cut one in half (a lone surrogate). */
    @Test
    void shouldNeverSplitACharacterOutsideTheBasicPlane() {
        String masked = LookupRoutes.mask("\uD83D\uDE00@\uD83D\uDE01.cl");
        assertThat(masked).isEqualTo("\uD83D\uDE00***@\uD83D\uDE01***.cl");
        // A lone surrogate would not survive the UTF-8 the answer is sent in.
        assertThat(new String(masked.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(masked);
    }
}
