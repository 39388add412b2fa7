package dev.sluice.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = JsonBodies.strict(HttpApp.mapper());
    private static final String KEY = "test-key-0123456789abcdef";

    private final Metrics metrics = Metrics.create();

    record Item(String nombre, long precio, double peso) {}

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    /** A route that reads its body as the orders and answers routes do: type first, then the strict mapper. */
    private Javalin app(List<Secret> keys) {
        return HttpApp.create(new HttpSettings(0, 1024).withApiKeys(keys), metrics.registry(), List.of(), routes -> {
            routes.post("/items", ctx -> {
                JsonBodies.requireJson(ctx);
                Item item = STRICT.readValue(ctx.bodyAsBytes(), Item.class);
                ctx.status(201).json(item);
            });
        });
    }

    private static Response post(HttpClient client, String contentType, String body) {
        return client.request("/items", b -> {
            b.post(HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
        });
    }

    @Test
    void strictMapperReadsAValueOfTheRightTypes() throws Exception {
        Item item = STRICT.readValue("{\"nombre\":\"Macbook\",\"precio\":759000,\"peso\":1.5}", Item.class);

        assertThat(item).isEqualTo(new Item("Macbook", 759000, 1.5));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"nombre\":42,\"precio\":1,\"peso\":1}",
                "{\"nombre\":4.2,\"precio\":1,\"peso\":1}",
                "{\"nombre\":true,\"precio\":1,\"peso\":1}",
                "{\"nombre\":\"x\",\"precio\":\"759000\",\"peso\":1}",
                "{\"nombre\":\"x\",\"precio\":\"\",\"peso\":1}",
                "{\"nombre\":\"x\",\"precio\":false,\"peso\":1}",
                "{\"nombre\":\"x\",\"precio\":1,\"peso\":\"1.5\"}",
                "{\"nombre\":\"x\",\"precio\":1,\"peso\":true}"
            })
    void strictMapperRefusesOneJsonTypeWhereAnotherIsExpected(String body) {
        assertThatThrownBy(() -> STRICT.readValue(body, Item.class)).isInstanceOf(MismatchedInputException.class);
        // The platform mapper itself is left as it was: the copy is what is strict.
        assertThat(HttpApp.mapper().isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS))
                .isFalse();
    }

    @Test
    void strictMapperRefusesAnythingAfterTheValue() {
        assertThatThrownBy(() -> STRICT.readValue("{\"nombre\":\"x\",\"precio\":1,\"peso\":1} {}", Item.class))
                .isInstanceOf(MismatchedInputException.class)
                .hasMessageStartingWith("Trailing token");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "application/json; charset=utf-8",
                "APPLICATION/JSON",
                "application/problem+json",
                " application/json ;charset=UTF-8"
            })
    void jsonContentTypesAreAccepted(String contentType) {
        JavalinTest.test(app(List.of()), (server, client) -> {
            Response response = post(client, contentType, "{\"nombre\":\"x\",\"precio\":1,\"peso\":2.5}");

            assertThat(response.code()).as(response.body().string()).isEqualTo(201);
        });
    }

    @Test
    void aBodyWithoutAContentTypeIsStillReadStrictly() {
        JavalinTest.test(app(List.of()), (server, client) -> {
            assertThat(post(client, null, "{\"nombre\":\"x\",\"precio\":1,\"peso\":2}")
                            .code())
                    .isEqualTo(201);

            Response wrongType = post(client, null, "{\"nombre\":\"x\",\"precio\":\"1\",\"peso\":2}");
            JsonNode body = JSON.readTree(wrongType.body().string());
            assertThat(wrongType.code()).isEqualTo(400);
            assertThat(body.path("field").asText()).isEqualTo("precio");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/jsonx",
                "text/json+xml"
            })
    void otherContentTypesAre415NamingTheTypeToSend(String contentType) {
        JavalinTest.test(app(List.of()), (server, client) -> {
            Response response = post(client, contentType, "{\"nombre\":\"x\",\"precio\":1,\"peso\":2}");
            JsonNode body = JSON.readTree(response.body().string());

            assertThat(response.code()).isEqualTo(415);
            assertThat(body.path("status").asInt()).isEqualTo(415);
            assertThat(body.path("message").asText())
                    .contains(contentType.strip())
                    .contains("Content-Type: application/json");
        });
    }

    @Test
    void aLongDeclaredTypeIsAbbreviatedInTheMessage() {
        String declared = "text/" + "x".repeat(500);
        JavalinTest.test(app(List.of()), (server, client) -> {
            Response response = post(client, declared, "{}");
            String message =
                    JSON.readTree(response.body().string()).path("message").asText();

            assertThat(response.code()).isEqualTo(415);
            assertThat(message).doesNotContain(declared).contains("...");
        });
    }

    /** With API keys, who may write is settled before the body is looked at: 401 for a keyless XML post, not 415. */
    @Test
    void theApiKeyIsCheckedBeforeTheContentType() {
        JavalinTest.test(app(List.of(Secret.of(KEY))), (server, client) -> {
            assertThat(post(client, "application/xml", "<item/>").code()).isEqualTo(401);

            Response keyed = client.request(
                    "/items",
                    b -> b.post(HttpRequest.BodyPublishers.ofString("<item/>"))
                            .header("Content-Type", "application/xml")
                            .header(ApiKeys.AUTHORIZATION, "Bearer " + KEY));
            assertThat(keyed.code()).isEqualTo(415);
        });
    }
}
