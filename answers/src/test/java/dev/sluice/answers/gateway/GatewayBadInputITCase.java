package dev.sluice.answers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.AnnouncedBody;
import dev.sluice.platform.test.PostgresExtension;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile input at the answers gateway ({@code POST /api/questions}, single and
 * batch, and {@code GET /api/questions/{id}}): every case is a 4xx whose JSON body names the field
 * (or says why, for 413 and 415), never a 500 or a 503, nothing is published, and the same gateway
 * then queues a valid question. On real PostgreSQL, since some values (NUL) only fail there. Part
 * of the bad-input suite (docs/architecture.md, "Bad input").
 */
class GatewayBadInputITCase {
    /** The production default of {@code http.max-body-bytes}. */
    private static final int MAX_BODY = 1 << 20;

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final List<QuestionTask> published = new CopyOnWriteArrayList<>();
    private static final AtomicInteger valid = new AtomicInteger();
    private static Javalin app;
    private static String base;

    /** One bad request: what to send and what must come back. {@code field} null: the body names none. */
    record Case(String name, byte[] body, String contentType, int status, String field, String words) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badBodies() {
        String thousandAndOne = IntStream.range(0, BatchRequest.MAX_QUESTIONS + 1)
                .mapToObj(i -> "{\"title\":\"q" + i + "\"}")
                .collect(Collectors.joining(",", "{\"questions\":[", "]}"));
        return Stream.of(
                // wrong JSON types per field
                bad("title a number", "{\"title\":42}", "title"),
                bad("title a boolean", "{\"title\":true}", "title"),
                bad("title an object", "{\"title\":{\"t\":\"x\"}}", "title"),
                bad("title an array", "{\"title\":[\"x\"]}", "title"),
                bad("title null", "{\"title\":null}", "title"),
                bad("content a number", "{\"title\":\"ok\",\"content\":7}", "content"),
                bad("bestAnswer an array", "{\"title\":\"ok\",\"bestAnswer\":[]}", "bestAnswer"),
                bad("id a number", "{\"id\":42,\"title\":\"ok\"}", "id"),
                bad("questions a string", "{\"questions\":\"q\"}", "questions"),
                bad("questions an object", "{\"questions\":{\"title\":\"q\"}}", "questions"),
                bad("a batch item a number", "{\"questions\":[{\"title\":\"ok\"},42]}", "questions[1]"),
                bad("a batch item null", "{\"questions\":[{\"title\":\"ok\"},null]}", "questions[1]"),
                bad("a batch item's title a number", "{\"questions\":[{\"title\":1e400}]}", "questions[0].title"),
                // missing fields
                bad("empty object", "{}", "title"),
                bad("a batch item without title", "{\"questions\":[{}]}", "questions[0].title"),
                bad("an empty batch", "{\"questions\":[]}", "questions"),
                bad("a batch of 1,001", thousandAndOne, "questions"),
                // numbers where text belongs: beyond long, NaN-like
                bad("id beyond long", "{\"id\":99999999999999999999999,\"title\":\"ok\"}", "id"),
                bad("title 1e1000000000", "{\"title\":1e1000000000}", "title"),
                bad("title NaN literal", "{\"title\":NaN}", "title"),
                // deep nesting
                bad("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000), null),
                bad(
                        "10,000 nested arrays in title",
                        "{\"title\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
                        null),
                bad("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), null),
                // control characters and NUL in strings
                bad("NUL in title", "{\"title\":\"Why\\u0000?\"}", "title"),
                bad("NUL in content", "{\"title\":\"ok\",\"content\":\"a\\u0000b\"}", "content"),
                bad("escape in bestAnswer", "{\"title\":\"ok\",\"bestAnswer\":\"\\u001b[2J\"}", "bestAnswer"),
                bad(
                        "NUL in a batch item",
                        "{\"questions\":[{\"title\":\"ok\"},{\"title\":\"x\\u0000\"}]}",
                        "questions[1].title"),
                bad("CR/LF in id", "{\"id\":\"q1\\r\\nX-Injected: yes\",\"title\":\"ok\"}", "id"),
                bad("raw control byte in title", "{\"title\":\"Why\u0001?\"}", "title"),
                // invalid UTF-8
                new Case(
                        "invalid UTF-8 in title",
                        concat("{\"title\":\"Why", new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}"),
                        "application/json",
                        400,
                        "title",
                        null),
                new Case("a lone 0xFF byte", new byte[] {(byte) 0xFF}, "application/json", 400, null, null),
                // not an object at all
                bad("empty body", "", null),
                bad("JSON null", "null", null),
                bad("a JSON array", "[{\"title\":\"ok\"}]", null),
                bad("a JSON number", "12345678901234567890", null),
                bad("truncated", "{\"title\":\"ok\",", null),
                bad("trailing garbage", "{\"title\":\"ok\"}}}", null),
                bad("two JSON values", "{\"title\":\"ok\"} {\"title\":\"again\"}", null),
                bad("unknown field", "{\"title\":\"ok\",\"priority\":1}", "priority"),
                // size and type of the body
                new Case("text/plain", utf8("{\"title\":\"ok\"}"), "text/plain", 415, null, "application/json"),
                new Case(
                        "a form",
                        utf8("title=ok"),
                        "application/x-www-form-urlencoded",
                        415,
                        null,
                        "application/json"));
    }

    @BeforeAll
    static void start() {
        DataSource db = postgres.database().dataSource();
        Migrations.apply(db, "answers");
        GatewayRoutes routes = new GatewayRoutes(
                new QuestionStore(db, QuestionStore.DEFAULT_LEASE),
                new AnswerCache<>(CacheSettings.DEFAULTS, Clock.systemUTC()),
                published::add,
                Clock.systemUTC());
        app = HttpApp.create(
                        new HttpSettings(0, MAX_BODY),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(),
                        routes::register)
                .start();
        base = "http://localhost:" + app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void shouldRefuseABadBodyNamingTheFieldAndKeepServing(Case c) throws Exception {
        published.clear();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/questions"))
                        .header("Content-Type", c.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("status for %s: %s", c, response.body())
                .isEqualTo(c.status());
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.path("status").asInt()).as("JSON error body for %s", c).isEqualTo(c.status());
        assertThat(body.path("message").asText()).as("message for %s", c).isNotBlank();
        if (c.field() != null) {
            assertThat(body.path("field").asText())
                    .as("field for %s: %s", c, response.body())
                    .isEqualTo(c.field());
        }
        if (c.words() != null) {
            assertThat(body.path("message").asText()).as("message for %s", c).contains(c.words());
        }
        assertThat(published).as("nothing published for %s", c).isEmpty();
        assertValidQuestionQueued();
    }

    /**
     * A 10 MB body is refused on its announced length, before any of it is read; {@link
     * AnnouncedBody} says why it is announced rather than sent.
     */
    @Test
    void shouldRefuseATenMegabyteBodyBeforeReadingItAndKeepServing() throws Exception {
        published.clear();
        long tenMegabytes = 10L << 20;
        AnnouncedBody.Answer answer =
                AnnouncedBody.post(app.port(), "/api/questions", "application/json", tenMegabytes);
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        JsonNode body = Json.mapper().readTree(answer.body());
        assertThat(body.path("status").asInt()).isEqualTo(413);
        assertThat(body.path("message").asText())
                .contains(Long.toString(tenMegabytes))
                .contains("http.max-body-bytes");
        assertThat(published).isEmpty();
        assertValidQuestionQueued();
    }

    @ParameterizedTest(name = "GET /api/questions/{0}")
    @ValueSource(strings = {"%E2%80%A8", "caf%C3%A9", "a%20b"})
    void shouldRefuseAMalformedIdWith400(String id) throws Exception {
        HttpResponse<String> response = get("/api/questions/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Json.mapper().readTree(response.body()).path("field").asText())
                .isEqualTo("id");
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Injected"));
        assertValidQuestionQueued();
    }

    @ParameterizedTest(name = "GET /api/questions/{0}")
    @ValueSource(strings = {"99999999999999999999999999", "-1", "0"})
    void shouldAnswer404ForAWellFormedIdNobodyAsked(String id) throws Exception {
        HttpResponse<String> response = get("/api/questions/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(Json.mapper().readTree(response.body()).path("message").asText())
                .contains(id);
    }

    @ParameterizedTest(name = "GET /api/questions/<{0} characters>")
    @ValueSource(ints = {129})
    void shouldRefuseAnOverlongId(int length) throws Exception {
        HttpResponse<String> response = get("/api/questions/" + "a".repeat(length));
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        if (length == 129) {
            assertThat(Json.mapper().readTree(response.body()).path("field").asText())
                    .isEqualTo("id");
        }
        assertValidQuestionQueued();
    }

    /** The gateway still queues a new question: nothing the bad request did is left behind. */
    private static void assertValidQuestionQueued() throws Exception {
        String id = "q-after-bad-" + valid.incrementAndGet();
        HttpResponse<String> ok = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/questions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"id\":\"" + id + "\",\"title\":\"Why is the sky blue?\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(published).extracting(QuestionTask::questionId).contains(id);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Case bad(String name, String body, String field) {
        return new Case(name, utf8(body), "application/json", 400, field, null);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = utf8(before);
        byte[] c = utf8(after);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }
}
