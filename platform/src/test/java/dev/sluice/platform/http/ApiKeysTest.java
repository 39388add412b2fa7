package dev.sluice.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-key-0123456789abcdef";
    private static final String OTHER_KEY = "second-key-0123456789abc";

    private final Metrics metrics = Metrics.create();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    /** A write, and a read that says whether it would show personal data. */
    private Javalin app(List<Secret> keys) {
        return HttpApp.create(new HttpSettings(0, 1024).withApiKeys(keys), metrics.registry(), List.of(), routes -> {
            routes.post("/things", ctx -> ctx.status(201).result("made"));
            routes.get("/things/{id}", ctx -> ctx.result(ApiKeys.validKey(ctx) ? "full" : "masked"));
        });
    }

    private Javalin keyed() {
        return app(List.of(Secret.of(KEY), Secret.of(OTHER_KEY)));
    }

    private static Response post(HttpClient client, String authorization) {
        return client.request("/things", b -> {
            b.post(HttpRequest.BodyPublishers.ofString("{}"));
            if (authorization != null) {
                b.header(ApiKeys.AUTHORIZATION, authorization);
            }
        });
    }

    private static Response get(HttpClient client, String path, String authorization) {
        return client.get(path, b -> {
            if (authorization != null) {
                b.header(ApiKeys.AUTHORIZATION, authorization);
            }
        });
    }

    private static JsonNode json(Response response) throws Exception {
        return JSON.readTree(response.body().string());
    }

    @Test
    void shouldRefuseAWriteWithoutAKeyWith401AndAChallenge() {
        JavalinTest.test(keyed(), (server, client) -> {
            Response response = post(client, null);
            assertThat(response.code()).isEqualTo(401);
            assertThat(response.headers().get(ApiKeys.WWW_AUTHENTICATE)).containsExactly(ApiKeys.CHALLENGE);
            JsonNode body = json(response);
            assertThat(body.get("status").asInt()).isEqualTo(401);
            assertThat(body.get("error").asText()).isEqualTo("unauthorized");
            assertThat(body.get("message").asText())
                    .isEqualTo("POST /things needs an API key: send 'Authorization: Bearer <key>'");
        });
    }

    @Test
    void shouldRefuseAWrongKeyWith403WithoutEchoingIt() {
        JavalinTest.test(keyed(), (server, client) -> {
            Response response = post(client, "Bearer wrong-key-0123456789abcdef");
            assertThat(response.code()).isEqualTo(403);
            String body = response.body().string();
            assertThat(body).doesNotContain("wrong-key");
            JsonNode json = JSON.readTree(body);
            assertThat(json.get("error").asText()).isEqualTo("forbidden");
            assertThat(json.get("message").asText())
                    .isEqualTo("the API key is not one of this server's keys (http.api-keys)");

            assertThat(post(client, "Bearer " + KEY.substring(1)).code())
                    .as("a prefix of a key")
                    .isEqualTo(403);
            assertThat(post(client, "Bearer " + KEY + "x").code())
                    .as("a key with more after it")
                    .isEqualTo(403);
        });
    }

    @Test
    void shouldTakeAWriteWithAnyConfiguredKey() {
        JavalinTest.test(keyed(), (server, client) -> {
            assertThat(post(client, "Bearer " + KEY).code()).isEqualTo(201);
            assertThat(post(client, "Bearer " + OTHER_KEY).code()).isEqualTo(201);
            assertThat(post(client, "bearer   " + KEY + " ").code())
                    .as("the scheme is case-insensitive (RFC 7235)")
                    .isEqualTo(201);
        });
    }

    @Test
    void shouldRefuseAnotherAuthorizationSchemeWith401() {
        JavalinTest.test(keyed(), (server, client) -> {
            Response response = post(client, "Basic dXNlcjpwYXNz");
            assertThat(response.code()).isEqualTo(401);
            assertThat(json(response).get("message").asText())
                    .isEqualTo("the Authorization header must be 'Bearer <key>'");
        });
    }

    @Test
    void shouldShowPersonalDataOnlyToAValidKeyAndRefuseAWrongOne() {
        JavalinTest.test(keyed(), (server, client) -> {
            Response anonymous = get(client, "/things/1", null);
            assertThat(anonymous.code()).isEqualTo(200);
            assertThat(anonymous.body().string()).isEqualTo("masked");

            Response keyed = get(client, "/things/1", "Bearer " + KEY);
            assertThat(keyed.code()).isEqualTo(200);
            assertThat(keyed.body().string()).isEqualTo("full");

            assertThat(get(client, "/things/1", "Bearer not-a-key-0123456789abc")
                            .code())
                    .isEqualTo(403);
        });
    }

    @Test
    void shouldLeaveTheProbesOpenWhateverTheHeader() {
        JavalinTest.test(keyed(), (server, client) -> {
            for (String probe : List.of("/health", "/ready", "/metrics")) {
                assertThat(get(client, probe, null).code()).as(probe).isEqualTo(200);
                assertThat(get(client, probe, "Bearer not-a-key-0123456789abc").code())
                        .as(probe + " with a wrong key")
                        .isEqualTo(200);
            }
        });
    }

    @Test
    void shouldAskNobodyForAKeyWhenNoneIsConfigured() {
        JavalinTest.test(app(List.of()), (server, client) -> {
            assertThat(post(client, null).code()).isEqualTo(201);
            assertThat(post(client, "Bearer anything-at-all-0123456789").code()).isEqualTo(201);
            assertThat(get(client, "/things/1", "Bearer anything-at-all-0123456789")
                            .body()
                            .string())
                    .as("no key is valid when none is configured")
                    .isEqualTo("masked");
        });
    }

    @Test
    void shouldMatchOnlyTheWholeKey() {
        ApiKeys keys = ApiKeys.of(List.of(Secret.of(KEY)));
        assertThat(keys.matches(KEY)).isTrue();
        assertThat(keys.matches(KEY.toUpperCase(java.util.Locale.ROOT))).isFalse();
        assertThat(keys.matches("")).isFalse();
        assertThat(keys.toString()).doesNotContain(KEY).isEqualTo("ApiKeys[1 keys]");
    }
}
