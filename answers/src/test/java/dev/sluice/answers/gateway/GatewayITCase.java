package dev.sluice.answers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.KafkaTarget;
import dev.sluice.answers.loadgen.TrafficGenerator;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.loadgen.TrafficResult;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.RetryHeaders;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.answers.storage.StorageCatchUp;
import dev.sluice.answers.storage.StorageService;
import dev.sluice.answers.storage.StorageSettings;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway on a real HTTP port against a real broker and PostgreSQL (V1 storage tables and the
 * gateway's V2 registry, by the real migrations). Storage's rows are mostly inserted by hand: that
 * the storage consumer writes them is StorageITCase's business. The retry test runs the real
 * storage consumer, since what it proves is the way from a retry record to the status.
 *
 * <p>Why one file of over 400 lines: its 15 cases share one broker, one database and one running
 * gateway (started once per class: the start is most of the cost), and the HTTP and SQL helpers that
 * build and read its state. Split by topic, each part would start its own broker and repeat the helpers.
 */
class GatewayITCase {
    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);

    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    private static final Duration LEASE = QuestionStore.DEFAULT_LEASE;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final List<QuestionTask> pending = new CopyOnWriteArrayList<>();
    private static KafkaQuestionPublisher publisher;
    private static KafkaConsumer<byte[], byte[]> consumer;
    private static Javalin app;
    private static String base;

    @BeforeAll
    static void start() {
        DataSource db = postgres.database().dataSource();
        Migrations.apply(db, "answers");
        // One partition: the topic's order is total, so a later sentinel proves an earlier publish did not happen.
        kafka.createTopic(AnswersTopics.PENDING, 1);
        publisher = new KafkaQuestionPublisher(kafka.clients(), "gateway-it", Duration.ofSeconds(10));
        AnswerCache<String, StoredAnswer> cache = new AnswerCache<>(CacheSettings.DEFAULTS, Clock.systemUTC());
        GatewayRoutes routes = new GatewayRoutes(new QuestionStore(db, LEASE), cache, publisher, Clock.systemUTC());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        routes.bindMetrics(registry);
        app = HttpApp.create(new HttpSettings(0, 1 << 20), registry, List.of(), routes::register)
                .start();
        base = "http://localhost:" + app.port();
        consumer = kafka.clients().bytesConsumer("gateway-it-reader", true);
        consumer.subscribe(List.of(AnswersTopics.PENDING));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    void shouldQueueANewQuestionPublishItOnceAndNotAgainWhileInFlight() throws Exception {
        HttpResponse<String> first = post(
                "{\"id\":\"q-new\",\"title\":\"Why is the sky blue?\",\"content\":\"At noon\",\"bestAnswer\":\"Rayleigh scattering\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode body = json(first);
        assertThat(body.get("id").asText()).isEqualTo("q-new");
        assertThat(body.get("status").asText()).isEqualTo("queued");
        assertThat(body.get("statusUrl").asText()).isEqualTo("/api/questions/q-new");
        QuestionTask task = awaitPublished("q-new");
        assertThat(task.title()).isEqualTo("Why is the sky blue?");
        assertThat(task.bestAnswer()).isEqualTo("Rayleigh scattering");
        assertThat(task.attempt()).isEqualTo(1);

        HttpResponse<String> again = post("{\"id\":\"q-new\",\"title\":\"Why is the sky blue?\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(json(again).get("status").asText()).isEqualTo("queued");
        assertThat(post("{\"id\":\"q-sentinel-1\",\"title\":\"Sentinel\"}").statusCode())
                .isEqualTo(202);
        awaitPublished("q-sentinel-1");
        assertThat(published("q-new")).as("published once, the repeat was not").hasSize(1);

        JsonNode status = json(get("/api/questions/q-new"));
        assertThat(status.get("status").asText()).isEqualTo("queued");
        assertThat(status.get("attempts")).isEmpty();
    }

    @Test
    void concurrentSinglePostsMeetInOneClaimAndEachQuestionIsPublishedOnce() throws Exception {
        // 8 new questions, each posted 5 times at once: the posts share the gateway's micro-batches,
        // where a question asked twice is claimed once and every arrival is counted
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new java.util.ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int q = 0; q < 8; q++) {
                responses.add(http.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/api/questions"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"id\":\"q-many-" + q + "\",\"title\":\"Many " + q + "?\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
        }
        for (var response : responses) {
            HttpResponse<String> r = response.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(json(r).get("status").asText()).isEqualTo("queued");
        }
        for (int q = 0; q < 8; q++) {
            awaitPublished("q-many-" + q);
        }
        assertThat(post("{\"id\":\"q-sentinel-4\",\"title\":\"Sentinel\"}").statusCode())
                .isEqualTo(202);
        awaitPublished("q-sentinel-4");
        for (int q = 0; q < 8; q++) {
            assertThat(published("q-many-" + q)).as("q-many-" + q).hasSize(1);
            assertThat(askedCount("q-many-" + q)).isEqualTo(5);
        }
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(
                        () -> assertThat(query("SELECT count(*) FROM answers.requests WHERE question_id LIKE 'q-many-%'"
                                        + " AND status = 'published'"))
                                .as("acknowledged claims are marked published")
                                .isEqualTo("8"));
    }

    @Test
    void shouldAnswerAStoredQuestionWithItsResultAndCountEveryHit() throws Exception {
        insertAnswered("q-done");
        HttpResponse<String> first = post("{\"id\":\"q-done\",\"title\":\"Best pizza?\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode body = json(first);
        assertThat(body.get("status").asText()).isEqualTo("validated");
        assertThat(body.at("/answer/llmAnswer").asText()).isEqualTo("Margherita, clearly");
        assertThat(body.at("/answer/score").asDouble()).isEqualTo(0.8);
        assertThat(body.at("/answer/hitCount").asLong()).isEqualTo(1);

        HttpResponse<String> cached = post("{\"id\":\"q-done\",\"title\":\"Best pizza?\"}");
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(json(cached).at("/answer/hitCount").asLong()).isEqualTo(2);
        assertThat(hitCount("q-done"))
                .as("hits are counted in the database, cache hits too")
                .isEqualTo(2);

        JsonNode status = json(get("/api/questions/q-done"));
        assertThat(status.get("status").asText()).isEqualTo("validated");
        assertThat(status.get("attempts")).hasSize(2);
        assertThat(status.at("/attempts/0/score").asDouble()).isEqualTo(0.3);
        assertThat(status.at("/attempts/1/latencyMs").asLong()).isEqualTo(120);

        assertThat(get("/metrics").body()).contains("answers_gateway_cache_hits_total{policy=\"lru\"} ");

        assertThat(post("{\"id\":\"q-sentinel-2\",\"title\":\"Sentinel\"}").statusCode())
                .isEqualTo(202);
        awaitPublished("q-sentinel-2");
        assertThat(published("q-done"))
                .as("an answered question is never published")
                .isEmpty();
    }

    @Test
    void shouldCountEveryArrivalOfAQuestionInFlightInABatchAndAnsweredAsAsked() throws Exception {
        // asked once: new, claimed and published; its result row does not exist yet
        assertThat(post("{\"id\":\"q-asked\",\"title\":\"Best pizza?\",\"bestAnswer\":\"Margherita\"}")
                        .statusCode())
                .isEqualTo(202);
        awaitPublished("q-asked");
        assertThat(askedCount("q-asked"))
                .as("counted before any result row exists")
                .isEqualTo(1);
        // asked twice more in one batch while in flight: neither is a hit, both are arrivals
        HttpResponse<String> batch = post("{\"questions\":[{\"id\":\"q-asked\",\"title\":\"Best pizza?\"},"
                + "{\"id\":\"q-asked\",\"title\":\"Best pizza?\"}]}");
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
        assertThat(askedCount("q-asked")).isEqualTo(3);

        insertAnswered("q-asked"); // storage has written the result
        JsonNode stored = json(get("/api/questions/q-asked"));
        assertThat(stored.at("/answer/askedCount").asLong()).isEqualTo(3);
        assertThat(stored.at("/answer/hitCount").asLong()).isZero();

        HttpResponse<String> hit = post("{\"id\":\"q-asked\",\"title\":\"Best pizza?\"}");
        assertThat(hit.statusCode()).as(hit.body()).isEqualTo(200);
        assertThat(json(hit).at("/answer/askedCount").asLong()).isEqualTo(4);
        assertThat(json(hit).at("/answer/hitCount").asLong()).isEqualTo(1);
        assertThat(askedCount("q-asked")).isEqualTo(4);
        assertThat(published("q-asked")).as("counting does not publish").hasSize(1);

        assertBad("{\"id\":\"q-asked\",\"title\":\"\"}", "title");
        assertThat(askedCount("q-asked")).as("a refused request is no arrival").isEqualTo(4);
    }

    @Test
    void aFailedPublishShouldAnswer503AndLeaveTheQuestionFreeForTheRetry() throws Exception {
        DataSource db = postgres.database().dataSource();
        GatewayRoutes broken = new GatewayRoutes(
                new QuestionStore(db, LEASE),
                new AnswerCache<>(CacheSettings.DEFAULTS, Clock.systemUTC()),
                task -> {
                    throw new org.apache.kafka.common.errors.TimeoutException("no broker");
                },
                Clock.systemUTC());
        Javalin down = HttpApp.create(
                        new HttpSettings(0, 1 << 20),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(),
                        broken::register)
                .start();
        try {
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + down.port() + "/api/questions"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"q-retry\",\"title\":\"Retry?\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(json(refused).get("message").asText()).contains("send it again");
        } finally {
            down.stop();
        }
        HttpResponse<String> retried = post("{\"id\":\"q-retry\",\"title\":\"Retry?\"}");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        awaitPublished("q-retry");
    }

    @Test
    void aBatchWithOneFailedPublishShouldAnswer503AndAResendShouldPublishOnlyWhatWasMissing() throws Exception {
        DataSource db = postgres.database().dataSource();
        GatewayRoutes flaky = new GatewayRoutes(
                new QuestionStore(db, LEASE),
                new AnswerCache<>(CacheSettings.DEFAULTS, Clock.systemUTC()),
                task -> {
                    if (task.questionId().equals("q-b-bad")) {
                        throw new org.apache.kafka.common.errors.TimeoutException("no broker for this one");
                    }
                    publisher.publish(task);
                },
                Clock.systemUTC());
        Javalin gateway = HttpApp.create(
                        new HttpSettings(0, 1 << 20),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(),
                        flaky::register)
                .start();
        String batch =
                "{\"questions\":[{\"id\":\"q-b-ok\",\"title\":\"Fine?\"},{\"id\":\"q-b-bad\",\"title\":\"Unlucky?\"}]}";
        try {
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.port() + "/api/questions"))
                            .POST(HttpRequest.BodyPublishers.ofString(batch))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(json(refused).get("message").asText()).contains("1 of 2").contains("send the batch again");
        } finally {
            gateway.stop();
        }
        awaitPublished("q-b-ok");
        HttpResponse<String> resent = post(batch);
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(202);
        awaitPublished("q-b-bad");
        poll();
        assertThat(published("q-b-ok"))
                .as("the question acknowledged the first time is not published again")
                .hasSize(1);
    }

    @Test
    void aClaimLeftBehindByADeadGatewayShouldBeTakenOverAfterTheLease() throws Exception {
        execute(
                "INSERT INTO answers.requests (question_id, title, content, best_answer, status, submitted_at, updated_at)"
                        + " VALUES ('q-stale', 'Stale?', '', '', 'claimed', now() - interval '1 hour', now() - interval '1 hour')");
        HttpResponse<String> response = post("{\"id\":\"q-stale\",\"title\":\"Stale?\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(awaitPublished("q-stale").submittedAt())
                .as("the original submission time is kept")
                .isBefore(java.time.Instant.now().minus(Duration.ofMinutes(59)));
    }

    @Test
    void aClaimLeftBehindThatNobodySendsAgainShouldBePublishedByTheSweepOnce() throws Exception {
        // the chaos run found it: a gateway SIGKILLed between claim and publish, the client's retry told
        // 202 by the next gateway while the claim was fresh, and nobody ever sent the question again
        execute(
                "INSERT INTO answers.requests (question_id, title, content, best_answer, status, submitted_at, updated_at)"
                        + " VALUES ('q-orphan', 'Orphan?', 'c', 'b', 'claimed', now() - interval '1 hour', now() - interval '1 hour')");
        execute(
                "INSERT INTO answers.requests (question_id, title, content, best_answer, status, submitted_at, updated_at)"
                        + " VALUES ('q-fresh-claim', 'Fresh?', '', '', 'claimed', now(), now())");
        GatewayRoutes sweeping = new GatewayRoutes(
                new QuestionStore(postgres.database().dataSource(), LEASE),
                new AnswerCache<>(CacheSettings.DEFAULTS, Clock.systemUTC()),
                publisher,
                Clock.systemUTC());
        assertThat(sweeping.republishStale()).isEqualTo(1);
        QuestionTask task = awaitPublished("q-orphan");
        assertThat(task.title()).isEqualTo("Orphan?");
        assertThat(task.bestAnswer()).isEqualTo("b");
        assertThat(sweeping.republishStale())
                .as("published: nothing left to sweep")
                .isZero();
        assertThat(query("SELECT status FROM answers.requests WHERE question_id = 'q-orphan'"))
                .isEqualTo("published");
        assertThat(query("SELECT status FROM answers.requests WHERE question_id = 'q-fresh-claim'"))
                .as("a claim within its lease belongs to a live gateway")
                .isEqualTo("claimed");
        assertThat(published("q-fresh-claim")).isEmpty();
    }

    @Test
    void shouldDeriveTheSameIdForTheSameQuestionWrittenDifferently() throws Exception {
        JsonNode first = json(post("{\"title\":\"  What is  Kafka? \",\"content\":\"Streams\"}"));
        HttpResponse<String> second = post("{\"title\":\"what is kafka?\",\"content\":\"  streams\"}");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json(second).get("id").asText())
                .isEqualTo(first.get("id").asText())
                .matches("[0-9a-f]{16}");
        awaitPublished(first.get("id").asText());
    }

    @Test
    void shouldTakeABatchAndAnswerEachQuestionOnItsOwn() throws Exception {
        insertAnswered("q-batch-done");
        HttpResponse<String> response = post("{\"questions\":[{\"id\":\"q-batch-1\",\"title\":\"One?\"},"
                + "{\"id\":\"q-batch-done\",\"title\":\"Best pizza?\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode items = json(response).get("questions");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("status").asText()).isEqualTo("queued");
        assertThat(items.get(1).get("status").asText()).isEqualTo("validated");
        assertThat(items.get(1).at("/answer/llmAnswer").asText()).isEqualTo("Margherita, clearly");
        awaitPublished("q-batch-1");
    }

    @Test
    void shouldReportDeadAndRegeneratingQuestionsAndRefuseUnknownOnes() throws Exception {
        execute(
                "INSERT INTO answers.dead_letters (question_id, attempt, error_class, reason, original_topic,"
                        + " original_partition, original_offset) VALUES ('q-dead', 1, 'fatal', 'HTTP 401: bad key', 'questions.pending', 0, 7)");
        JsonNode dead = json(get("/api/questions/q-dead"));
        assertThat(dead.get("status").asText()).isEqualTo("dead");
        assertThat(dead.at("/attempts/0/error").asText()).isEqualTo("fatal: HTTP 401: bad key");

        execute("INSERT INTO answers.attempts (question_id, attempt, score, metric, answer, model, latency_ms,"
                + " overload_retries, quota_retries) VALUES ('q-regen', 1, 0.1, 'token_f1', 'meh', 'sim', 50, 0, 0)");
        assertThat(json(get("/api/questions/q-regen")).get("status").asText()).isEqualTo("regenerating");

        HttpResponse<String> unknown = get("/api/questions/q-never-seen");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).contains("q-never-seen");
    }

    @Test
    void aQuestionWithAnOverloadRetryShouldShowRetryingWithTheErrorThenValidatedAndAReplayShouldChangeNothing()
            throws Exception {
        for (String topic : StorageService.topics()) {
            kafka.createTopic(topic, 1);
        }
        HttpResponse<String> accepted =
                post("{\"id\":\"q-retried\",\"title\":\"Why is the sea salty?\",\"bestAnswer\":\"Rivers\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        QuestionTask task = awaitPublished("q-retried");
        Instant failedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        StorageService storage = new StorageService(
                        kafka.clients(),
                        postgres.database().dataSource(),
                        StorageSettings.defaults().withGroupId("gateway-it-storage"))
                .start();
        JsonNode validated;
        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            // the worker's first call got a 503: the task waits on an overload tier
            producer.send(overloadRetry(task.withOverloadRetry(), "server overloaded (HTTP 503)", failedAt))
                    .get();
            JsonNode retrying = awaitStatus("q-retried", "retrying");
            assertThat(retrying.at("/retryDueAt").asText())
                    .isEqualTo(failedAt.plusMillis(400).toString());
            assertThat(retrying.at("/retryReason").asText()).isEqualTo("overload: server overloaded (HTTP 503)");
            assertThat(retrying.get("attempts")).hasSize(1);
            JsonNode failed = retrying.at("/attempts/0");
            assertThat(failed.get("attempt").asInt()).isEqualTo(1);
            assertThat(failed.get("outcome").asText()).isEqualTo("retried");
            assertThat(failed.get("errorClass").asText()).isEqualTo("overload");
            assertThat(failed.get("message").asText()).isEqualTo("server overloaded (HTTP 503)");
            assertThat(failed.get("error").asText()).isEqualTo("overload: server overloaded (HTTP 503)");
            assertThat(failed.get("at").asText()).isEqualTo(failedAt.toString());
            assertThat(failed.get("dueAt").asText())
                    .isEqualTo(failedAt.plusMillis(400).toString());
            assertThat(failed.get("retry").asInt()).isEqualTo(1);

            // the retried call is answered, scored and validated
            Instant answeredAt = failedAt.plusSeconds(1);
            producer.send(new ProducerRecord<>(
                            AnswersTopics.SCORED,
                            key("q-retried"),
                            JsonSerde.of(ScoredAttempt.class)
                                    .toBytes(new ScoredAttempt(
                                            "q-retried",
                                            1,
                                            0.7,
                                            "token_f1",
                                            "Rivers carry salt",
                                            "sim",
                                            80,
                                            1,
                                            0,
                                            answeredAt,
                                            answeredAt.plusMillis(50)))))
                    .get();
            producer.send(new ProducerRecord<>(
                            AnswersTopics.VALIDATED,
                            key("q-retried"),
                            JsonSerde.of(ValidatedAnswer.class)
                                    .toBytes(new ValidatedAnswer(
                                            "q-retried",
                                            "Why is the sea salty?",
                                            "",
                                            "Rivers",
                                            "Rivers carry salt",
                                            0.7,
                                            1,
                                            1,
                                            true,
                                            "sim",
                                            task.submittedAt(),
                                            answeredAt.plusMillis(50)))))
                    .get();
            validated = awaitStatus("q-retried", "validated");
            assertThat(validated.get("attempts"))
                    .extracting(a -> a.get("outcome").asText())
                    .containsExactly("retried", "scored");
            assertThat(validated.at("/attempts/1/score").asDouble()).isEqualTo(0.7);
            assertThat(validated.has("retryDueAt")).isFalse();

            // results and retries come from different topics, in no set order: a retry read after the
            // result is listed but changes no status
            producer.send(new ProducerRecord<>(
                            AnswersTopics.VALIDATED,
                            key("q-late"),
                            JsonSerde.of(ValidatedAnswer.class)
                                    .toBytes(new ValidatedAnswer(
                                            "q-late",
                                            "Late?",
                                            "",
                                            "",
                                            "Yes",
                                            0.9,
                                            1,
                                            1,
                                            true,
                                            "sim",
                                            failedAt,
                                            answeredAt))))
                    .get();
            awaitStatus("q-late", "validated");
            producer.send(overloadRetry(
                            QuestionTask.first("q-late", "Late?", "", "", failedAt)
                                    .withOverloadRetry(),
                            "HTTP 502",
                            failedAt))
                    .get();
            await().atMost(Duration.ofSeconds(15))
                    .until(() ->
                            json(get("/api/questions/q-late")).get("attempts").size() == 1);
            assertThat(json(get("/api/questions/q-late")).get("status").asText())
                    .isEqualTo("validated");
            StorageCatchUp.awaitCaughtUp(kafka.clients(), "gateway-it-storage");
        } finally {
            storage.stop();
        }

        // replaying every storage topic, the retry tiers included, from offset 0 changes nothing
        List<String> retriesBefore = retryRows();
        StorageService replay = new StorageService(
                        kafka.clients(),
                        postgres.database().dataSource(),
                        StorageSettings.defaults().withGroupId("gateway-it-storage-replay"))
                .start();
        try {
            StorageCatchUp.awaitCaughtUp(kafka.clients(), "gateway-it-storage-replay");
        } finally {
            replay.stop();
        }
        assertThat(retryRows()).isEqualTo(retriesBefore).hasSize(2);
        assertThat(json(get("/api/questions/q-retried"))).isEqualTo(validated);
    }

    @Test
    void shouldRefuseBadInputNamingTheField() throws Exception {
        assertBad("{\"content\":\"no title\"}", "title");
        assertBad("{\"title\":\"   \"}", "title");
        assertBad("{\"title\":\"" + "x".repeat(QuestionRequest.MAX_TITLE + 1) + "\"}", "title");
        assertBad("{\"title\":42}", "title");
        assertBad("{\"title\":\"ok\",\"content\":[\"a\"]}", "content");
        assertBad("{\"title\":\"ok\",\"colour\":\"red\"}", "colour");
        assertBad("{\"id\":\"has space\",\"title\":\"ok\"}", "id");
        assertBad("{\"questions\":[{\"title\":\"ok\"},{\"content\":\"no title\"}]}", "questions[1].title");
        assertBad("{\"questions\":[]}", "questions");
        HttpResponse<String> malformed = post("{\"title\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("message").asText()).contains("malformed JSON");
        assertThat(post("null").statusCode()).isEqualTo(400);
    }

    @Test
    void theTrafficGeneratorShouldDriveTheGatewaySoRepeatsAreNeverPublishedTwice() throws Exception {
        List<QaPair> pairs = SampleDataset.pairs(5, 99);
        TrafficPlan plan = TrafficPlan.questions(40, 2_000, 7).withConcurrency(4);
        TrafficResult result;
        try (HttpTarget target = new HttpTarget(URI.create(base), Duration.ofSeconds(10))) {
            result = new TrafficGenerator(plan, pairs, target, p -> {}).run();
        }
        assertThat(result.sent()).isEqualTo(40);
        assertThat(result.failed()).isZero();
        assertThat(result.queued() + result.answered()).isEqualTo(40);
        for (QaPair pair : pairs) {
            awaitPublished(pair.id());
        }
        assertThat(post("{\"id\":\"q-sentinel-3\",\"title\":\"Sentinel\"}").statusCode())
                .isEqualTo(202);
        awaitPublished("q-sentinel-3");
        for (QaPair pair : pairs) {
            assertThat(published(pair.id())).as(pair.id()).hasSize(1);
        }
    }

    @Test
    void theLoadGeneratorsBatchPostQueuesEveryQuestionOnceAndAFailedBatchSaysSo() throws Exception {
        List<QaPair> pairs = SampleDataset.pairs(3, 321).stream()
                .map(p -> new QaPair("q-batch-" + p.id(), p.title(), p.content(), p.bestAnswer(), p.category()))
                .toList();
        try (HttpTarget target = new HttpTarget(URI.create(base), Duration.ofSeconds(10))) {
            assertThat(target.sendBatch(pairs).get()).isEqualTo(dev.sluice.answers.loadgen.Outcome.QUEUED);
            QaPair huge = new QaPair("q-batch-huge", "x".repeat(1 << 20), "c", "a", "x");
            assertThat(target.sendBatch(List.of(huge)).get()).isEqualTo(dev.sluice.answers.loadgen.Outcome.FAILED);
        }
        for (QaPair pair : pairs) {
            awaitPublished(pair.id());
            assertThat(published(pair.id())).as(pair.id()).hasSize(1);
        }
    }

    @Test
    void theTrafficGeneratorShouldPublishStraightToKafka() throws Exception {
        List<QaPair> pairs = SampleDataset.pairs(3, 123);
        TrafficPlan plan = TrafficPlan.questions(6, 1_000, 1).withPopularity(TrafficPlan.Spread.UNIFORM, 0);
        poll();
        long before = pairs.stream().mapToLong(p -> published(p.id()).size()).sum();
        TrafficResult result;
        try (KafkaTarget target = new KafkaTarget(
                new KafkaQuestionPublisher(kafka.clients(), "loadgen-it", Duration.ofSeconds(10)), Clock.systemUTC())) {
            result = new TrafficGenerator(plan, pairs, target, p -> {}).run();
        }
        assertThat(result.queued()).isEqualTo(6);
        // Straight to Kafka nothing de-duplicates: every send is on the topic.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            poll();
            return pairs.stream().mapToLong(p -> published(p.id()).size()).sum() == before + 6;
        });
    }

    /** A retry record as the worker builds it: the task on its overload tier, due in 400 ms, the failure in the headers. */
    private static ProducerRecord<byte[], byte[]> overloadRetry(QuestionTask next, String reason, Instant failedAt) {
        return new DelayedRecords(AnswersTopics.OVERLOAD_RETRY, Clock.fixed(failedAt, ZoneOffset.UTC))
                .after(
                        AnswersTopics.PENDING,
                        key(next.questionId()),
                        TASKS.toBytes(next),
                        RetryHeaders.failure("overload", reason, failedAt),
                        Duration.ofMillis(400));
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode awaitStatus(String id, String status) throws Exception {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> status.equals(
                        json(get("/api/questions/" + id)).path("status").asText()));
        return json(get("/api/questions/" + id));
    }

    private static List<String> retryRows() throws SQLException {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = postgres.database().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM answers.retries ORDER BY question_id, attempt,"
                        + " overload_retries, quota_retries, deferrals");
                ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static void assertBad(String body, String field) throws Exception {
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(json(response).path("field").asText()).as(response.body()).isEqualTo(field);
    }

    private static QuestionTask awaitPublished(String id) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            poll();
            return !published(id).isEmpty();
        });
        return published(id).get(0);
    }

    private static void poll() {
        synchronized (consumer) {
            consumer.poll(Duration.ofMillis(100))
                    .forEach(r -> pending.add(TASKS.parse(r.value()).value()));
        }
    }

    private static List<QuestionTask> published(String id) {
        return pending.stream().filter(t -> t.questionId().equals(id)).toList();
    }

    private static void insertAnswered(String id) throws SQLException {
        execute(
                "INSERT INTO answers.questions (question_id, title, content, best_answer, llm_answer, score, best_attempt,"
                        + " attempts, passed, model, submitted_at, validated_at) VALUES ('" + id
                        + "', 'Best pizza?', '', 'Margherita',"
                        + " 'Margherita, clearly', 0.8, 2, 2, true, 'sim', now(), now())");
        execute(
                "INSERT INTO answers.attempts (question_id, attempt, score, metric, answer, model, latency_ms, overload_retries,"
                        + " quota_retries) VALUES ('" + id + "', 1, 0.3, 'token_f1', 'Pineapple', 'sim', 90, 1, 0),"
                        + " ('" + id + "', 2, 0.8, 'token_f1', 'Margherita, clearly', 'sim', 120, 0, 0)");
    }

    private static long hitCount(String id) throws SQLException {
        try (Connection c = postgres.database().dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT hit_count FROM answers.questions WHERE question_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long askedCount(String id) throws SQLException {
        String count = query("SELECT asked_count FROM answers.asked WHERE question_id = '" + id + "'");
        return count == null ? 0 : Long.parseLong(count);
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = postgres.database().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql);
                java.sql.ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.database().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/questions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }
}
