package dev.sluice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.orders.notify.NotificationStore;
import dev.sluice.orders.notify.Notifier;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.Processor;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.orders.process.StateMachine;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayHeaders;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.test.Closer;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.PostgresExtension;
import dev.sluice.platform.test.SmtpExtension;
import dev.sluice.platform.test.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Garbage on every topic the orders services consume, on one running system (broker, PostgreSQL,
 * SMTP, the delay scheduler, a processor, a notifier): each bad record ends on its dead-letter
 * topic with the reason and its origin ({@code orders.dlq} for the processor's
 * {@code orders.requested}/{@code orders.advance} and the notifier's {@code orders.status};
 * {@code sluice.delay.dlq} for the delay tiers), no e-mail goes out for it, and a valid order sent
 * after all of them goes through every state with one e-mail each. Part of the bad-input suite
 * (docs/architecture.md, "Bad input"); the HTTP side is {@code OrdersBadInputTest}.
 */
class OrdersBadRecordsITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @RegisterExtension
    static final SmtpExtension smtp = new SmtpExtension();

    @RegisterExtension
    final Closer closer = new Closer();

    private static final long VALID_ID = 1_001;
    private static final String TIER = DelayTiers.defaults().tiers().get(0).topic();
    /** Just under what the producer sends (max.request.size, 1 MiB), so the record is accepted but barely. */
    private static final int NEAR_LIMIT = (1 << 20) - 400;

    /** One bad record, where it goes in, and the words its reason must contain (null: any reason). */
    record Bad(String name, String topic, byte[] key, byte[] value, Headers headers, String words) {}

    /** Where a bad record landed, once sent. */
    record Sent(Bad bad, long offset) {}

    private static List<Bad> badRecords() {
        String order =
                "{\"id\":7,\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"a@b.cl\",\"estado\":\"recibido\"}";
        List<Bad> bad = new ArrayList<>();
        for (String topic : List.of(OrderTopics.REQUESTED, OrderTopics.ADVANCE, OrderTopics.STATUS)) {
            bad.add(new Bad("empty value", topic, utf8("7"), new byte[0], null, "empty payload"));
            bad.add(new Bad("null value", topic, utf8("7"), null, null, "empty payload"));
            bad.add(new Bad("null key, not JSON", topic, null, utf8("{not json"), null, "malformed JSON"));
            bad.add(new Bad("a JSON array", topic, utf8("7"), utf8("[" + order + "]"), null, null));
            bad.add(new Bad("JSON null", topic, utf8("7"), utf8("null"), null, "JSON null"));
            bad.add(new Bad(
                    "invalid UTF-8",
                    topic,
                    utf8("7"),
                    new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"'},
                    null,
                    null));
            bad.add(new Bad("NUL bytes", topic, utf8("7"), new byte[1_000], null, null));
            bad.add(new Bad(
                    "id a word", topic, utf8("7"), utf8(order.replace("\"id\":7", "\"id\":\"siete\"")), null, "id"));
            bad.add(new Bad(
                    "precio beyond long",
                    topic,
                    utf8("7"),
                    utf8(order.replace("759000", "9223372036854775808")),
                    null,
                    null));
            bad.add(new Bad(
                    "estado unknown", topic, utf8("7"), utf8(order.replace("recibido", "perdido")), null, "estado"));
            bad.add(new Bad(
                    "NUL in nombre",
                    topic,
                    utf8("7"),
                    utf8(order.replace("Macbook", "Mac\\u0000book")),
                    null,
                    "nombre"));
            bad.add(new Bad(
                    "CR/LF in correo",
                    topic,
                    utf8("7"),
                    utf8(order.replace("a@b.cl", "a@b.cl\\r\\nBcc: eve@evil.com")),
                    null,
                    "correo"));
            bad.add(new Bad(
                    "a second recipient in correo",
                    topic,
                    utf8("7"),
                    utf8(order.replace("a@b.cl", "victim,eve@evil.com")),
                    null,
                    "correo"));
            bad.add(new Bad(
                    "a value near the size limit",
                    topic,
                    utf8("7"),
                    utf8("x".repeat(NEAR_LIMIT)),
                    null,
                    "malformed JSON"));
        }
        long now = System.currentTimeMillis();
        bad.add(new Bad("no delay headers", TIER, utf8("7"), utf8(order), headers(), DelayHeaders.DUE));
        bad.add(new Bad(
                "due 'soon'",
                TIER,
                utf8("7"),
                utf8(order),
                headers(DelayHeaders.DUE, "soon", DelayHeaders.TARGET, OrderTopics.ADVANCE),
                DelayHeaders.DUE));
        bad.add(new Bad(
                "due beyond long",
                TIER,
                utf8("7"),
                utf8(order),
                headers(DelayHeaders.DUE, "99999999999999999999", DelayHeaders.TARGET, OrderTopics.ADVANCE),
                DelayHeaders.DUE));
        bad.add(new Bad(
                "no target",
                TIER,
                utf8("7"),
                utf8(order),
                headers(DelayHeaders.DUE, Long.toString(now)),
                DelayHeaders.TARGET));
        bad.add(new Bad(
                "illegal target",
                TIER,
                utf8("7"),
                utf8(order),
                headers(DelayHeaders.DUE, Long.toString(now), DelayHeaders.TARGET, "orders status"),
                "legal topic name"));
        bad.add(new Bad(
                "internal target",
                TIER,
                utf8("7"),
                utf8(order),
                headers(DelayHeaders.DUE, Long.toString(now), DelayHeaders.TARGET, "__transaction_state"),
                "internal topic"));
        bad.add(new Bad(
                "a value near the size limit on a tier",
                TIER,
                utf8("7"),
                utf8("x".repeat(NEAR_LIMIT)),
                headers(),
                DelayHeaders.DUE));
        return bad;
    }

    @Test
    void everyBadRecordShouldBeDeadLetteredWithItsReasonAndAValidOrderAfterItFinished() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, new OrderTopics(1, TopicSpec.BROKER_DEFAULT).specs());
            Topics.ensure(admin, DelayTiers.defaults().topicSpecs(1, TopicSpec.BROKER_DEFAULT));
        }
        Database db = closer.closing(new Database(
                postgres.jdbcUrl(),
                postgres.server().username(),
                postgres.server().password(),
                4));
        Migrations.apply(db.dataSource(), "orders");
        NotificationStore store = new NotificationStore(db.dataSource());
        closer.closing(new DelayScheduler(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        DelayTiers.defaults(),
                        DelayScheduler.Settings.of("orders-bad-input-delay", "a"),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start());
        closer.closing(new Processor(
                        kafka.clients(),
                        new StateMachine(StateDelays.uniform(Duration.ofMillis(100)), Clock.systemUTC()),
                        new DelayedRecords(DelayTiers.defaults(), Clock.systemUTC()),
                        "bad-input")
                .start());
        SmtpMailer mailer = closer.closing(new SmtpMailer(
                new SmtpSettings(smtp.host(), smtp.port(), false, "", Secret.empty(), "pedidos@sluice.test")));
        closer.closing(new Notifier(kafka.clients(), store, mailer, "bad-input").start());

        List<Sent> sent = new ArrayList<>();
        KafkaProducer<byte[], byte[]> producer = closer.closing(kafka.clients().bytesProducer());
        for (Bad b : badRecords()) {
            RecordMetadata at = producer.send(new ProducerRecord<>(b.topic(), null, b.key(), b.value(), b.headers()))
                    .get();
            sent.add(new Sent(b, at.offset()));
        }
        // schedulable, so the scheduler forwards it as it is; the processor dead-letters it from orders.advance
        producer.send(new ProducerRecord<>(
                        TIER,
                        null,
                        utf8("tier-empty"),
                        new byte[0],
                        headers(
                                DelayHeaders.DUE,
                                Long.toString(System.currentTimeMillis()),
                                DelayHeaders.TARGET,
                                OrderTopics.ADVANCE)))
                .get();
        // then a valid order
        Order valid = new Order(VALID_ID, "Macbook air M1", 759000, "cliente@correo.com", Estado.RECIBIDO);
        producer.send(new ProducerRecord<>(OrderTopics.REQUESTED, valid.key(), OrderTopics.SERDE.toBytes(valid)))
                .get();

        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(store.latest(VALID_ID)).map(Order::estado).contains(Estado.FINALIZADO);
                    assertThat(smtp.received()).hasSize(4);
                });
        assertThat(smtp.received())
                .as("one e-mail per state of the valid order, to its customer only")
                .allSatisfy(m -> assertThat(recipients(m)).containsExactly("cliente@correo.com"));

        List<ConsumerRecord<byte[], byte[]>> ordersDead =
                TopicReader.committed(kafka.clients()).toEnd(OrderTopics.DLQ);
        List<ConsumerRecord<byte[], byte[]>> delayDead = TopicReader.committed(kafka.clients())
                .toEnd(DelayTiers.defaults().deadLetterTopic());
        SoftAssertions soft = new SoftAssertions();
        for (Sent s : sent) {
            Bad b = s.bad();
            String where = b.name() + " on " + b.topic();
            boolean tier = b.topic().equals(TIER);
            Optional<ConsumerRecord<byte[], byte[]>> letter = (tier ? delayDead : ordersDead)
                    .stream()
                            .filter(r -> header(r, DeadLetters.ORIGINAL_TOPIC).equals(b.topic())
                                    && header(r, DeadLetters.ORIGINAL_OFFSET).equals(Long.toString(s.offset())))
                            .findFirst();
            soft.assertThat(letter).as("dead letter for %s", where).isPresent();
            letter.ifPresent(r -> {
                String reason = header(r, tier ? DelayHeaders.REASON : DeadLetters.REASON);
                soft.assertThat(reason).as("reason for %s", where).isNotBlank();
                if (b.words() != null) {
                    soft.assertThat(reason).as("reason for %s", where).contains(b.words());
                }
            });
        }
        soft.assertThat(ordersDead)
                .as("the empty record forwarded from a tier is dead-lettered from orders.advance")
                .anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(utf8("tier-empty"));
                    assertThat(header(r, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(OrderTopics.ADVANCE);
                });
        soft.assertThat(ordersDead)
                .as("a dead letter too large to copy keeps its reason and says what it left out")
                .anySatisfy(r -> {
                    assertThat(r.value()).isNull();
                    assertThat(header(r, "sluice.dlq.dropped")).contains("too large");
                });
        soft.assertAll();
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            return Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Headers headers(String... pairs) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], utf8(pairs[i + 1]));
        }
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
