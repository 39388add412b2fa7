package dev.sluice.orders.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.orders.Order;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.PostgresExtension;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /orders} with an {@code Idempotency-Key}, against real PostgreSQL: a retry gets the
 * first order back, whatever happened to the first request. The publisher is the seam (a list):
 * what matters here is how many times an order is handed to Kafka, and with which id.
 */
class IdempotencyKeysITCase {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static final String BODY = "{\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"ana@correo.cl\"}";
    private static DataSource db;

    private final List<Order> published = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeAll
    static void migrate() {
        db = postgres.database().dataSource();
        Migrations.apply(db, "orders");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private String start(OrderPublisher publisher, Duration lease) {
        return start(db, publisher, lease);
    }

    private String start(DataSource db, OrderPublisher publisher, Duration lease) {
        RequestRoutes routes = new RequestRoutes(new SequenceOrderIds(db), publisher, new IdempotencyKeys(db, lease));
        app = HttpApp.create(
                        new HttpSettings(0, 4096),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(),
                        routes::register)
                .start(0);
        return "http://127.0.0.1:" + app.port() + "/orders";
    }

    private String start() {
        return start(published::add, Duration.ofSeconds(30));
    }

    private HttpResponse<String> post(String url, String key, String body) throws Exception {
        return postAsync(url, key, body).get(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String url, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long id(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body()).get("id").asLong();
    }

    private static String key() {
        return "\"" + UUID.randomUUID() + "\"";
    }

    @Test
    void aRetryWithTheSameKeyAndBodyShouldGetTheFirstOrderBackAndPublishNothing() throws Exception {
        String url = start();
        String key = key();
        HttpResponse<String> first = post(url, key, BODY);
        HttpResponse<String> retry =
                post(url, key, "{ \"correo\": \"ana@correo.cl\", \"precio\": 759000, \"nombre\": \"Macbook air M1\" }");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(retry.body()).as("the same order, byte for byte").isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(published).extracting(Order::id).containsExactly(id(first));

        HttpResponse<String> otherKey = post(url, key(), BODY);
        assertThat(id(otherKey)).as("another key is another order").isNotEqualTo(id(first));
        HttpResponse<String> noKey = post(url, null, BODY);
        assertThat(id(noKey)).as("no key: a new order every time").isNotIn(id(first), id(otherKey));
        assertThat(published).hasSize(3);
    }

    @Test
    void aQuotedKeyAndTheSameKeyBareShouldBeOneKey() throws Exception {
        String url = start();
        String bare = UUID.randomUUID().toString();
        HttpResponse<String> quoted = post(url, "\"" + bare + "\"", BODY);
        HttpResponse<String> token = post(url, bare, BODY);
        assertThat(id(token)).isEqualTo(id(quoted));
        assertThat(published).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyShouldBeRefusedWith422NamingTheHeader() throws Exception {
        String url = start();
        String key = key();
        post(url, key, BODY);
        HttpResponse<String> other =
                post(url, key, "{\"nombre\":\"Macbook air M1\",\"precio\":759001,\"correo\":\"ana@correo.cl\"}");

        assertThat(other.statusCode()).isEqualTo(422);
        JsonNode error = Json.mapper().readTree(other.body());
        assertThat(error.get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(error.get("message").asText()).contains("another order");
        assertThat(published).hasSize(1);
    }

    @Test
    void aRetryAfterAFailedPublishShouldPublishTheSameOrderAtOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = start(
                order -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("broker down");
                    }
                    published.add(order);
                },
                Duration.ofSeconds(30));
        String key = key();
        HttpResponse<String> failed = post(url, key, BODY);
        HttpResponse<String> retry = post(url, key, BODY);

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(retry.statusCode())
                .as("not 409: the failed request gave the key back")
                .isEqualTo(201);
        assertThat(published).extracting(Order::id).containsExactly(id(retry));
        assertThat(post(url, key, BODY).headers().firstValue("Idempotent-Replayed"))
                .contains("true");
        assertThat(published).as("published once").hasSize(1);
    }

    @Test
    void aRetryWhileTheFirstRequestIsStillPublishingShouldGet409ThenTheOrder() throws Exception {
        CountDownLatch inKafka = new CountDownLatch(1);
        CountDownLatch publishing = new CountDownLatch(1);
        String url = start(
                order -> {
                    publishing.countDown();
                    assertThat(inKafka.await(30, TimeUnit.SECONDS)).isTrue();
                    published.add(order);
                },
                Duration.ofSeconds(30));
        String key = key();
        CompletableFuture<HttpResponse<String>> first = postAsync(url, key, BODY);
        assertThat(publishing.await(30, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> during = post(url, key, BODY);
        assertThat(during.statusCode()).isEqualTo(409);
        assertThat(during.headers().firstValue("Retry-After")).contains("1");
        assertThat(Json.mapper().readTree(during.body()).get("message").asText())
                .contains("still being stored");

        inKafka.countDown();
        HttpResponse<String> answered = first.get(30, TimeUnit.SECONDS);
        HttpResponse<String> after = post(url, key, BODY);
        assertThat(answered.statusCode()).isEqualTo(201);
        assertThat(id(after)).isEqualTo(id(answered));
        assertThat(published).extracting(Order::id).containsExactly(id(answered));
    }

    @Test
    void concurrentRequestsWithOneKeyShouldCreateOneOrder() throws Exception {
        String url = start();
        String key = key();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(postAsync(url, key, BODY));
        }
        List<Long> ids = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isIn(201, 409);
            if (r.statusCode() == 201) {
                ids.add(id(r));
            }
        }
        assertThat(published).hasSize(1);
        assertThat(ids).isNotEmpty().allMatch(id -> id == published.get(0).id());
    }

    /**
     * Ids and keys share one pool: a request that held a connection for its key while the ids took
     * another deadlocked the pool under load (the first multi-process chaos run with keys: every
     * request waited for a connection held by one waiting for a connection). With one connection the
     * old code could not answer a single keyed request.
     */
    @Test
    void keyedRequestsShouldNotDeadlockAPoolOfOneConnection() throws Exception {
        try (Database one = new Database(
                postgres.jdbcUrl(),
                postgres.server().username(),
                postgres.server().password(),
                1)) {
            String url = start(one.dataSource(), published::add, Duration.ofSeconds(30));
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) { // more than a block of ids: the ids draw again meanwhile
                all.add(postAsync(url, key(), BODY.replace("Macbook", "Macbook " + i)));
            }
            Set<Long> ids = new HashSet<>();
            for (CompletableFuture<HttpResponse<String>> f : all) {
                HttpResponse<String> r = f.get(20, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                ids.add(id(r));
            }
            assertThat(ids).hasSize(40);
            assertThat(published).hasSize(40);
        }
    }

    /** An API killed between taking the key and Kafka's acknowledgement: after the lease the retry finishes it. */
    @Test
    void aKeyLeftByADeadRequestShouldBeTakenOverAfterTheLeaseWithTheSameOrderId() throws Exception {
        String url = start(published::add, Duration.ofMillis(200));
        String key = UUID.randomUUID().toString();
        long leftId = leaveKey(key, BODY);

        HttpResponse<String> retry = post(url, key, BODY);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(id(retry)).isEqualTo(leftId);
        assertThat(published).extracting(Order::id).as("published by the retry").containsExactly(leftId);
        assertThat(post(url, key, BODY).headers().firstValue("Idempotent-Replayed"))
                .contains("true");
        assertThat(published).hasSize(1);
    }

    /** As above, but the first request's order did reach Kafka (the notifier has it): nothing is published again. */
    @Test
    void aKeyLeftByADeadRequestWhoseOrderWasStoredShouldNotBePublishedAgain() throws Exception {
        String url = start(published::add, Duration.ofMillis(200));
        String key = UUID.randomUUID().toString();
        long leftId = leaveKey(key, BODY);
        try (Connection c = db.getConnection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO orders.latest (order_id, nombre, precio, correo, estado, step)"
                                + " VALUES (?, 'Macbook air M1', 759000, 'ana@correo.cl', 'preparando', 1)")) {
            s.setLong(1, leftId);
            s.executeUpdate();
        }

        HttpResponse<String> retry = post(url, key, BODY);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(id(retry)).isEqualTo(leftId);
        assertThat(published).as("the notifier has seen it: it is in Kafka").isEmpty();
        assertThat(published(key)).as("marked, so later retries replay at once").isTrue();
    }

    @Test
    void keysOlderThanTheRetentionShouldBeSwept() throws Exception {
        String url = start();
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        post(url, old, BODY);
        post(url, recent, BODY);
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE orders.idempotency_keys SET created_at = now() - interval '25 hours' WHERE idem_key = ?")) {
            s.setString(1, old);
            s.executeUpdate();
        }

        int swept = new IdempotencyKeys(db, Duration.ofSeconds(30)).sweep(IdempotencyKeys.RETENTION);

        assertThat(swept).isGreaterThanOrEqualTo(1);
        assertThat(exists(old)).isFalse();
        assertThat(exists(recent)).isTrue();
        assertThat(post(url, old, BODY).headers().firstValue("Idempotent-Replayed"))
                .as("an expired key starts a new order")
                .isEmpty();
    }

    /** The row a request leaves when it dies after taking a key, before Kafka answered. */
    private static long leaveKey(String key, String body) throws Exception {
        OrderRequest request = Json.mapper().readValue(body, OrderRequest.class);
        long id = new SequenceOrderIds(db).next();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO orders.idempotency_keys (idem_key, fingerprint, order_id, claimed_at)"
                                + " VALUES (?, ?, ?, now() - interval '1 minute')")) {
            s.setString(1, key);
            s.setBytes(2, IdempotencyKeys.fingerprint(request));
            s.setLong(3, id);
            s.executeUpdate();
        }
        return id;
    }

    private static boolean exists(String key) throws Exception {
        return query("SELECT count(*) FROM orders.idempotency_keys WHERE idem_key = ?", key) == 1;
    }

    private static boolean published(String key) throws Exception {
        return query(
                        "SELECT count(*) FROM orders.idempotency_keys WHERE idem_key = ? AND published_at IS NOT NULL",
                        key)
                == 1;
    }

    private static long query(String sql, String key) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
