package dev.sluice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.orders.api.KafkaOrderPublisher;
import dev.sluice.orders.api.RequestRoutes;
import dev.sluice.orders.api.SequenceOrderIds;
import dev.sluice.orders.notify.LookupRoutes;
import dev.sluice.orders.notify.Mailer;
import dev.sluice.orders.notify.NotificationStore;
import dev.sluice.orders.notify.Notifier;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.Processor;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.orders.process.StateMachine;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.test.ChildJvm;
import dev.sluice.platform.test.Closer;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import dev.sluice.platform.test.SmtpExtension;
import dev.sluice.platform.test.TopicReader;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole orders system on real parts: embedded Kafka broker, PostgreSQL, GreenMail SMTP, the
 * platform's delay scheduler, two processors (one in a child JVM, so it can be SIGKILLed
 * mid-transaction), two notifiers and the HTTP API.
 */
class OrdersEndToEndITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final SmtpExtension smtp = new SmtpExtension();

    @RegisterExtension
    final Closer closer = new Closer();

    private static final int ORDERS = 200;
    private static final long DELAY_MS = 200;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldFinishEveryOrderWithOneEmailPerStateThroughCrashesRestartsAndPoisonRecords() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, new OrderTopics(3, TopicSpec.BROKER_DEFAULT).specs());
            Topics.ensure(admin, DelayTiers.defaults().topicSpecs(3, TopicSpec.BROKER_DEFAULT));
        }
        Database db = closer.closing(new Database(
                postgres.jdbcUrl(),
                postgres.server().username(),
                postgres.server().password(),
                8));
        Migrations.apply(db.dataSource(), "orders");
        NotificationStore store = new NotificationStore(db.dataSource());
        SmtpMailer smtpMailer = new SmtpMailer(
                new SmtpSettings(smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test"));
        // The SMTP server "fails" once mid-run, after a claim: the notifier must retry without doubling.
        AtomicInteger sends = new AtomicInteger();
        Mailer flaky = email -> {
            if (sends.incrementAndGet() == 300) {
                throw new jakarta.mail.MessagingException("421 simulated: service not available");
            }
            smtpMailer.send(email);
        };

        closer.closing(new DelayScheduler(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        DelayTiers.defaults(),
                        DelayScheduler.Settings.of("orders-it-delay", "a"),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start());
        // Two instances of each service share the work in their consumer groups; one of each is
        // crashed or stopped and restarted mid-run, the other carries on.
        ChildJvm processor = processorChild("p1");
        closer.closing(new Processor(
                        kafka.clients(),
                        new StateMachine(StateDelays.uniform(Duration.ofMillis(DELAY_MS)), Clock.systemUTC()),
                        new DelayedRecords(DelayTiers.defaults(), Clock.systemUTC()),
                        "p2")
                .start());
        Notifier notifier = closer.closing((Notifier) new Notifier(kafka.clients(), store, flaky, "n1").start());
        closer.closing(new Notifier(kafka.clients(), store, smtpMailer, "n2").start());
        KafkaOrderPublisher publisher =
                closer.closing(new KafkaOrderPublisher(kafka.clients(), Duration.ofSeconds(10)));
        RequestRoutes requests = new RequestRoutes(new SequenceOrderIds(db.dataSource()), publisher);
        LookupRoutes lookups = new LookupRoutes(store);
        Javalin app = HttpApp.create(
                        new HttpSettings(0, 4096),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(),
                        r -> {
                            requests.register(r);
                            lookups.register(r);
                        })
                .start();
        closer.closing(app::stop);
        String base = "http://localhost:" + app.port();

        sendPoisonRecords();

        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            HttpResponse<String> response = post(
                    base,
                    "{\"nombre\":\"Producto " + i + "\",\"precio\":" + (1000 + i) + ",\"correo\":\"cliente" + i
                            + "@correo.com\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            ids.add(Json.mapper().readTree(response.body()).get("id").asLong());
            if (i == ORDERS / 2) {
                // Mid-run: SIGKILL the processor (its open transaction is abandoned) and stop the notifier,
                // then start both again under the same instance ids.
                await().atMost(30, TimeUnit.SECONDS).until(() -> smtp.received().size() >= 100);
                processor.kill();
                notifier.stop();
                processor = processorChild("p1");
                notifier = closer.closing((Notifier) new Notifier(kafka.clients(), store, flaky, "n1").start());
            }
        }
        assertThat(new HashSet<>(ids)).as("ids are unique").hasSize(ORDERS);

        try {
            await().atMost(90, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(smtp.received()).hasSizeGreaterThanOrEqualTo(4 * ORDERS));
            for (long id : ids) {
                await().atMost(10, TimeUnit.SECONDS)
                        .pollDelay(Duration.ZERO)
                        .untilAsserted(() -> assertThat(Json.mapper()
                                        .readTree(get(base + "/orders/" + id).body())
                                        .get("estado")
                                        .asText())
                                .isEqualTo("finalizado"));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> store.sentCount() == 4L * ORDERS);
        } finally {
            processor.kill();
        }

        List<MimeMessage> mails = smtp.received();
        assertThat(mails).as("exactly one e-mail per order per state").hasSize(4 * ORDERS);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < ORDERS; i++) {
            for (String estado : List.of("recibido", "preparando", "entregando", "finalizado")) {
                expected.put("Pedido " + ids.get(i) + ": " + estado, "cliente" + i + "@correo.com");
            }
        }
        Set<String> subjects = new HashSet<>();
        for (MimeMessage m : mails) {
            String subject = m.getSubject();
            assertThat(expected).as("an e-mail nobody expected: %s", subject).containsKey(subject);
            assertThat(m.getAllRecipients()[0].toString())
                    .as("recipient of %s", subject)
                    .isEqualTo(expected.get(subject));
            subjects.add(subject);
        }
        assertThat(subjects).as("no (order, state) e-mailed twice").hasSize(4 * ORDERS);

        HttpResponse<String> one = get(base + "/orders/" + ids.get(0));
        // No API keys here, so the e-mail is masked (LookupRoutesTest shows it unmasked with a key).
        assertThat(one.body())
                .isEqualTo(
                        "{\"id\":" + ids.get(0)
                                + ",\"nombre\":\"Producto 0\",\"precio\":1000,\"correo\":\"c***@c***.com\",\"estado\":\"finalizado\"}");
        assertThat(get(base + "/orders/999999").statusCode()).isEqualTo(404);

        assertThat(statusChanges())
                .as("the processor published each (order, state) exactly once, despite SIGKILL")
                .hasSize(4 * ORDERS)
                .allSatisfy((change, count) -> assertThat(count).as(change).isEqualTo(1));

        Map<String, String> dead = deadLetters(3);
        assertThat(dead).containsOnlyKeys(OrderTopics.REQUESTED, OrderTopics.ADVANCE, OrderTopics.STATUS);
        assertThat(dead.get(OrderTopics.REQUESTED)).startsWith("malformed JSON");
        assertThat(dead.get(OrderTopics.ADVANCE)).contains("recibido");
        assertThat(dead.get(OrderTopics.STATUS)).contains("'id'");
    }

    private void sendPoisonRecords() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            producer.send(new ProducerRecord<>(
                            OrderTopics.REQUESTED,
                            "x".getBytes(StandardCharsets.UTF_8),
                            "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
            String backwards =
                    "{\"id\":424242,\"nombre\":\"x\",\"precio\":1,\"correo\":\"a@b.cl\",\"estado\":\"recibido\"}";
            producer.send(new ProducerRecord<>(
                            OrderTopics.ADVANCE,
                            "424242".getBytes(StandardCharsets.UTF_8),
                            backwards.getBytes(StandardCharsets.UTF_8)))
                    .get();
            producer.send(new ProducerRecord<>(
                            OrderTopics.STATUS,
                            "y".getBytes(StandardCharsets.UTF_8),
                            "{\"nombre\":\"sin id\"}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    /** The dead letters by original topic, with their reasons. */
    private Map<String, String> deadLetters(int expected) {
        Map<String, String> byTopic = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.committed(kafka.clients()).atLeast(expected, OrderTopics.DLQ)) {
            byTopic.put(header(r, DeadLetters.ORIGINAL_TOPIC), header(r, DeadLetters.REASON));
            assertThat(header(r, DeadLetters.ORIGINAL_OFFSET)).isNotBlank();
        }
        return byTopic;
    }

    /**
     * How often each (order id, estado) appears on orders.status, as a read_committed reader sees it:
     * read until every change is there, then to the end, so a duplicate published after them shows too.
     */
    private Map<String, Integer> statusChanges() {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.committed(kafka.clients()).atLeast(4 * ORDERS, OrderTopics.STATUS)) {
            var parsed = OrderTopics.SERDE.parse(r.value());
            if (parsed.isOk()) {
                counts.merge(parsed.value().id() + "/" + parsed.value().estado().wire(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String base, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private ChildJvm processorChild(String instance) {
        return closer.closing(ChildJvm.of(ProcessorChild.class)
                .args(kafka.bootstrapServers(), instance, Long.toString(DELAY_MS))
                .awaitReady(Duration.ofSeconds(60))
                .start());
    }
}
