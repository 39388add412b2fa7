package dev.sluice.orders.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.orders.Order;
import dev.sluice.orders.notify.LookupRoutes;
import dev.sluice.orders.notify.NotificationStore;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.AnnouncedBody;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.internet.InternetAddress;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile input at the orders API ({@code POST /orders}, {@code GET /orders/{id}}):
 * every case is a 4xx whose JSON body names the field (or says why, for 413 and 415), never a 500,
 * nothing is published, and the same server then takes a valid order. Part of the bad-input suite
 * (docs/architecture.md, "Bad input"); the Kafka side is {@code OrdersBadRecordsITCase}.
 */
class OrdersBadInputTest {
    /** The production default of {@code http.max-body-bytes}. */
    private static final int MAX_BODY = 1 << 20;

    private static final String VALID = "{\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"a@b.cl\"}";

    private final List<Order> published = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /** One bad request: what to send and what must come back. {@code field} null: the body names none. */
    record Case(String name, byte[] body, String contentType, int status, String field, String words) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badBodies() {
        return Stream.of(
                // wrong JSON types per field
                bad("nombre a number", "{\"nombre\":42,\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre"),
                bad("nombre a boolean", "{\"nombre\":true,\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre"),
                bad("nombre an object", "{\"nombre\":{\"a\":1},\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre"),
                bad("nombre an array", "{\"nombre\":[\"x\"],\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre"),
                bad("nombre null", "{\"nombre\":null,\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre"),
                bad(
                        "precio a numeric string",
                        "{\"nombre\":\"x\",\"precio\":\"759000\",\"correo\":\"a@b.cl\"}",
                        "precio"),
                new Case(
                        "precio a word (the example in docs/orders.md)",
                        utf8("{\"nombre\":\"Mouse\",\"precio\":\"mil\",\"correo\":\"a@b.cl\"}"),
                        "application/json",
                        400,
                        "precio",
                        "wrong type: expected a number"),
                bad("precio a boolean", "{\"nombre\":\"x\",\"precio\":false,\"correo\":\"a@b.cl\"}", "precio"),
                bad("precio an array", "{\"nombre\":\"x\",\"precio\":[1],\"correo\":\"a@b.cl\"}", "precio"),
                bad("precio an object", "{\"nombre\":\"x\",\"precio\":{\"v\":1},\"correo\":\"a@b.cl\"}", "precio"),
                bad("correo a number", "{\"nombre\":\"x\",\"precio\":1,\"correo\":123}", "correo"),
                bad("correo an array", "{\"nombre\":\"x\",\"precio\":1,\"correo\":[\"a@b.cl\"]}", "correo"),
                // missing fields
                bad("empty object", "{}", "nombre"),
                bad("no precio", "{\"nombre\":\"x\",\"correo\":\"a@b.cl\"}", "precio"),
                bad("no correo", "{\"nombre\":\"x\",\"precio\":1}", "correo"),
                // numbers: beyond long, negative, fractions, NaN-like, exponents whose plain form is huge
                bad(
                        "precio beyond long",
                        "{\"nombre\":\"x\",\"precio\":9223372036854775808,\"correo\":\"a@b.cl\"}",
                        "precio"),
                bad("precio 1e400", "{\"nombre\":\"x\",\"precio\":1e400,\"correo\":\"a@b.cl\"}", "precio"),
                bad(
                        "precio 1e1000000000",
                        "{\"nombre\":\"x\",\"precio\":1e1000000000,\"correo\":\"a@b.cl\"}",
                        "precio"),
                bad(
                        "precio -1e1000000000",
                        "{\"nombre\":\"x\",\"precio\":-1e1000000000,\"correo\":\"a@b.cl\"}",
                        "precio"),
                bad(
                        "precio 1e-1000000000",
                        "{\"nombre\":\"x\",\"precio\":1e-1000000000,\"correo\":\"a@b.cl\"}",
                        "precio"),
                bad("precio negative", "{\"nombre\":\"x\",\"precio\":-759000,\"correo\":\"a@b.cl\"}", "precio"),
                bad(
                        "precio long min",
                        "{\"nombre\":\"x\",\"precio\":-9223372036854775808,\"correo\":\"a@b.cl\"}",
                        "precio"),
                bad("precio a fraction", "{\"nombre\":\"x\",\"precio\":0.5,\"correo\":\"a@b.cl\"}", "precio"),
                bad("precio \"NaN\"", "{\"nombre\":\"x\",\"precio\":\"NaN\",\"correo\":\"a@b.cl\"}", "precio"),
                bad(
                        "precio \"Infinity\"",
                        "{\"nombre\":\"x\",\"precio\":\"Infinity\",\"correo\":\"a@b.cl\"}",
                        "precio"),
                bad("precio NaN literal", "{\"nombre\":\"x\",\"precio\":NaN,\"correo\":\"a@b.cl\"}", "precio"),
                bad(
                        "precio -Infinity literal",
                        "{\"nombre\":\"x\",\"precio\":-Infinity,\"correo\":\"a@b.cl\"}",
                        "precio"),
                bad(
                        "precio 5,000 digits",
                        "{\"nombre\":\"x\",\"precio\":" + "9".repeat(5_000) + ",\"correo\":\"a@b.cl\"}",
                        null),
                // deep nesting
                bad("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000), null),
                bad(
                        "10,000 nested arrays in nombre",
                        "{\"nombre\":" + "[".repeat(10_000) + "]".repeat(10_000)
                                + ",\"precio\":1,\"correo\":\"a@b.cl\"}",
                        "nombre"),
                bad("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), null),
                // control characters and NUL in strings
                bad("NUL in nombre", "{\"nombre\":\"Mac\\u0000book\",\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre"),
                bad("escape in nombre", "{\"nombre\":\"Mac\\u001b[31m\",\"precio\":1,\"correo\":\"a@b.cl\"}", "nombre"),
                bad(
                        "line break in nombre",
                        "{\"nombre\":\"Mac\\r\\nbook\",\"precio\":1,\"correo\":\"a@b.cl\"}",
                        "nombre"),
                bad(
                        "raw control byte in nombre",
                        "{\"nombre\":\"Mac\u0001book\",\"precio\":1,\"correo\":\"a@b.cl\"}",
                        "nombre"),
                bad("NUL in correo", "{\"nombre\":\"x\",\"precio\":1,\"correo\":\"a\\u0000@b.cl\"}", "correo"),
                // invalid UTF-8
                new Case(
                        "invalid UTF-8 in nombre",
                        concat(
                                "{\"nombre\":\"Mac",
                                new byte[] {(byte) 0xC3, (byte) 0x28},
                                "\",\"precio\":1,\"correo\":\"a@b.cl\"}"),
                        "application/json",
                        400,
                        "nombre",
                        null),
                new Case("a lone 0xFF byte", new byte[] {(byte) 0xFF}, "application/json", 400, null, null),
                // not an object at all
                bad("empty body", "", null),
                bad("JSON null", "null", null),
                bad("a JSON string", "\"order\"", null),
                bad("a JSON array", "[" + VALID + "]", null),
                bad("truncated", "{\"nombre\":\"x\",", null),
                bad("trailing garbage", VALID + "}}}", null),
                bad(
                        "fields the system sets",
                        "{\"id\":1,\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\",\"estado\":\"finalizado\"}",
                        "id"),
                // size and type of the body
                new Case("text/plain", utf8(VALID), "text/plain", 415, null, "application/json"),
                new Case(
                        "a form",
                        utf8("nombre=x&precio=1&correo=a%40b.cl"),
                        "application/x-www-form-urlencoded",
                        415,
                        null,
                        "application/json"),
                new Case("XML", utf8("<order/>"), "application/xml", 415, null, "application/json"));
    }

    /**
     * E-mail addresses that try to add a header or a recipient, or hide one: the correo is refused
     * before it can reach an SMTP envelope or a To header.
     */
    static Stream<String> hostileCorreos() {
        return Stream.of(
                "a@b.cl\r\nBcc: eve@evil.com",
                "a@b.cl\nBcc: eve@evil.com",
                "a@b.cl\rBcc: eve@evil.com",
                "a@b.cl\r\n\r\nbody injected",
                "a@b.cl\u0085Bcc:eve@evil.com",
                "a@b.cl\u2028Bcc:eve@evil.com",
                "a@b.cl\tBcc:eve@evil.com",
                "victim,eve@evil.com",
                "victim;eve@evil.com",
                "Eve<eve@evil.com>",
                "eve@evil.com>",
                "a(comment)@b.cl",
                "\"eve\"@evil.com",
                "eve\\@evil.com",
                "a@[127.0.0.1]",
                "a@b.cl:25",
                "a\u0000@b.cl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void shouldRefuseABadBodyNamingTheFieldAndKeepServing(Case c) throws Exception {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.request(
                    "/orders",
                    b -> b.post(HttpRequest.BodyPublishers.ofByteArray(c.body()))
                            .header("Content-Type", c.contentType()));
            String text = response.body().string();
            assertThat(response.code()).as("status for %s: %s", c, text).isEqualTo(c.status());
            JsonNode body = Json.mapper().readTree(text);
            assertThat(body.path("status").asInt())
                    .as("JSON error body for %s: %s", c, text)
                    .isEqualTo(c.status());
            assertThat(body.path("message").asText()).as("message for %s", c).isNotBlank();
            if (c.field() != null) {
                assertThat(body.path("field").asText())
                        .as("field for %s: %s", c, text)
                        .isEqualTo(c.field());
            }
            if (c.words() != null) {
                assertThat(body.path("message").asText())
                        .as("message for %s", c)
                        .contains(c.words());
            }
            assertThat(published).as("nothing published for %s", c).isEmpty();
            assertThat(postJson(client, VALID).code())
                    .as("a valid order after %s", c)
                    .isEqualTo(201);
        });
    }

    /**
     * A 10 MB body is refused on its announced length, before any of it is read; {@link
     * AnnouncedBody} says why it is announced rather than sent.
     */
    @Test
    void shouldRefuseATenMegabyteBodyBeforeReadingItAndKeepServing() throws Exception {
        long tenMegabytes = 10L << 20;
        JavalinTest.test(app(), (server, client) -> {
            AnnouncedBody.Answer answer =
                    AnnouncedBody.post(server.port(), "/orders", "application/json", tenMegabytes);
            assertThat(answer.status()).as(answer.body()).isEqualTo(413);
            JsonNode body = Json.mapper().readTree(answer.body());
            assertThat(body.path("status").asInt()).isEqualTo(413);
            assertThat(body.path("message").asText())
                    .contains(Long.toString(tenMegabytes))
                    .contains("http.max-body-bytes");
            assertThat(published).isEmpty();
            assertThat(postJson(client, VALID).code()).isEqualTo(201);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCorreos")
    void shouldRefuseACorreoThatTriesToAddAHeaderOrARecipient(String correo) throws Exception {
        String body =
                "{\"nombre\":\"x\",\"precio\":1,\"correo\":" + Json.mapper().writeValueAsString(correo) + "}";
        JavalinTest.test(app(), (server, client) -> {
            Response response = postJson(client, body);
            String text = response.body().string();
            assertThat(response.code()).as(text).isEqualTo(400);
            assertThat(Json.mapper().readTree(text).path("field").asText()).isEqualTo("correo");
            assertThat(published).isEmpty();
        });
    }

    /** What the API accepts is exactly one address to Jakarta Mail, the same one, as SmtpMailer parses it. */
    @ParameterizedTest
    @ValueSource(
            strings = {"a@b.cl", "cliente+pedidos@correo.com", "o'brien@x.cl", "josé@correo.cl", "a.b-c_d@e-f.g.cl"})
    void shouldAcceptPlainAddressesThatMailReadsAsOneRecipient(String correo) throws Exception {
        String body =
                "{\"nombre\":\"x\",\"precio\":1,\"correo\":" + Json.mapper().writeValueAsString(correo) + "}";
        JavalinTest.test(
                app(),
                (server, client) -> assertThat(postJson(client, body).code()).isEqualTo(201));
        InternetAddress[] parsed = InternetAddress.parse(correo, true);
        assertThat(parsed).hasSize(1);
        assertThat(parsed[0].getAddress()).isEqualTo(correo);
    }

    @ParameterizedTest(name = "GET /orders/{0}")
    @ValueSource(strings = {"abc", "99999999999999999999", "-99999999999999999999", "1.5", "1e3", "0x10", "%E2%80%A8"})
    void shouldRefuseAnIdThatIsNotAWholeNumberWithoutAskingTheDatabase(String id) throws Exception {
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/orders/" + id);
            String text = response.body().string();
            assertThat(response.code()).as(text).isEqualTo(400);
            assertThat(Json.mapper().readTree(text).path("field").asText()).isEqualTo("id");
            assertThat(response.headers().get("X-Injected")).isNull();
            assertThat(client.get("/health").code()).isEqualTo(200);
        });
    }

    /**
     * The routes of both orders services on one app, as {@code orders serve} has them. The lookup's
     * store has no database: a bad id must be refused before it is asked (it would answer 500).
     */
    private Javalin app() {
        RequestRoutes requests = new RequestRoutes(ids::incrementAndGet, published::add);
        LookupRoutes lookups = new LookupRoutes(new NotificationStore(noDatabase()));
        return HttpApp.create(
                new HttpSettings(0, MAX_BODY), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(), r -> {
                    requests.register(r);
                    lookups.register(r);
                });
    }

    private Response postJson(io.javalin.testtools.HttpClient client, String body) {
        return client.request(
                "/orders",
                b -> b.post(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    private static DataSource noDatabase() {
        return (DataSource) Proxy.newProxyInstance(
                OrdersBadInputTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new SQLException("no database in this test");
                });
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
