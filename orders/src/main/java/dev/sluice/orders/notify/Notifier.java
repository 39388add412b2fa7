package dev.sluice.orders.notify;

import dev.sluice.orders.DeadLetters;
import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Parsed;
import dev.sluice.platform.service.Backoff;
import dev.sluice.platform.service.PollingService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification service: reads every state change from {@code orders.status}
 * ({@code read_committed}, consumer group {@code orders.notifier}), keeps the latest state per
 * order in PostgreSQL for {@code GET /orders/{id}}, and e-mails the customer once per order per
 * state through {@link Mailer}, guarded by {@link NotificationStore}'s claimed→sent rows. Offsets
 * are committed after a batch is done, so a crash replays, never skips; replays are harmless.
 * Unreadable records go to {@code orders.dlq} and the notifier carries on.
 */
public final class Notifier extends PollingService {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final KafkaClients clients;
    private final NotificationStore store;
    private final Mailer mailer;
    private final String instanceId;
    private final Duration claimLease;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(30);
    /** Between tries of a 'sent' mark that PostgreSQL refused: 100 ms doubling to 2 s. */
    private static final Backoff MARK_RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ZERO);

    /** With a claim lease of {@link #DEFAULT_CLAIM_LEASE}. */
    public Notifier(KafkaClients clients, NotificationStore store, Mailer mailer, String instanceId) {
        this(clients, store, mailer, instanceId, DEFAULT_CLAIM_LEASE);
    }

    /**
     * @param claimLease how long another session's claim is respected before it is taken over; must
     *     exceed the longest a send can take (SmtpMailer's timeouts are 10 s per step)
     */
    public Notifier(
            KafkaClients clients, NotificationStore store, Mailer mailer, String instanceId, Duration claimLease) {
        super("orders-notifier-" + instanceId, Backoff.DEFAULT);
        if (claimLease == null || claimLease.isNegative()) {
            throw new IllegalArgumentException("notifier claim lease must be zero or more, e.g. 30s");
        }
        this.claimLease = claimLease;
        this.clients = Objects.requireNonNull(clients, "clients");
        this.store = Objects.requireNonNull(store, "store");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException("notifier instance id is required, e.g. the host name");
        }
        this.instanceId = instanceId;
    }

    /**
     * Also registers {@code orders.emails.sent}, {@code orders.emails.skipped} (already sent: replays)
     * and {@code orders.dead.lettered}, tagged {@code service=<name>}.
     */
    @Override
    public Notifier bindMetrics(MeterRegistry registry) {
        super.bindMetrics(registry);
        FunctionCounter.builder("orders.emails.sent", sent, AtomicLong::get)
                .description("e-mails sent over SMTP, one per order and state")
                .tag("service", name())
                .register(registry);
        FunctionCounter.builder("orders.emails.skipped", skipped, AtomicLong::get)
                .description("status records whose e-mail was already sent (replays)")
                .tag("service", name())
                .register(registry);
        FunctionCounter.builder("orders.dead.lettered", deadLettered, AtomicLong::get)
                .description("order records sent to orders.dlq")
                .tag("service", name())
                .register(registry);
        return this;
    }

    /** E-mails this instance sent. */
    public long sent() {
        return sent.get();
    }

    /** Status records whose e-mail was already sent (replays). */
    public long skipped() {
        return skipped.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    @Override
    public Notifier start() {
        super.start();
        return this;
    }

    @Override
    protected void runSession() throws Exception {
        // A new owner name per session: claims left by a session that died are taken over by the next.
        String session = instanceId + "/" + UUID.randomUUID();
        Map<String, Object> consumerProps = clients.consumerProps(OrderTopics.NOTIFIER_GROUP, true);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "orders-notifier-" + instanceId);
        // Static membership: a restarted instance (same id) takes its partitions back at once,
        // without waiting for the session timeout of the member it replaces.
        consumerProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "orders-notifier-" + instanceId);
        // SMTP costs a round trip per e-mail: small batches keep well inside max.poll.interval.ms.
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        Map<String, Object> producerProps = clients.producerProps();
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "orders-notifier-dlq-" + instanceId);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> dlq = new KafkaProducer<>(producerProps)) {
            register(consumer);
            consumer.subscribe(List.of(OrderTopics.STATUS));
            LOG.info("orders notifier {} consuming {}", session, OrderTopics.STATUS);
            while (running()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    handle(r, session, dlq);
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                consumer.commitSync(offsets);
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, String session, KafkaProducer<byte[], byte[]> dlq)
            throws Exception {
        Parsed<Order> parsed = OrderTopics.SERDE.parse(r.value());
        if (!parsed.isOk()) {
            LOG.warn(
                    "orders notifier: {}-{}@{} to {}: {}",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    OrderTopics.DLQ,
                    parsed.reason());
            // Wait for the acknowledgement: the offset commit after this batch must not outrun it.
            dlq.send(DeadLetters.of(r, parsed.reason())).get(30, TimeUnit.SECONDS);
            deadLettered.incrementAndGet();
            return;
        }
        Order order = parsed.value();
        store.saveLatest(order);
        switch (store.claim(order, session, claimLease)) {
            case SENT -> {
                skipped.incrementAndGet();
                return;
            }
            // Ends the session: the next one replays from the committed offset, by then the lease may be over.
            case HELD ->
                throw new IllegalStateException("the e-mail for order " + order.id() + " "
                        + order.estado().wire()
                        + " is claimed by another notifier session that may still be sending it; retrying");
            case CLAIMED -> {}
        }
        try {
            mailer.send(OrderEmails.of(order));
        } catch (Exception e) {
            store.release(order, session);
            throw e;
        }
        sent.incrementAndGet();
        markSent(order, session);
    }

    /**
     * Marks a sent e-mail, retrying the mark (never the e-mail) while PostgreSQL is away: giving up
     * here would end the session with the claim unmarked, and the next session would resend the
     * message after the lease. Only a stop (or a crash) between the server's {@code 250} and this
     * mark leaves that window open. If the claim was taken over meanwhile (an outage longer than the
     * lease), the mark changes nothing and the new owner resends: at least once, never lost.
     */
    private void markSent(Order order, String session) throws SQLException {
        for (int failures = 1; ; failures++) {
            try {
                store.markSent(order, session);
                if (failures > 1) {
                    LOG.info(
                            "orders notifier: the 'sent' mark of order {} {} is stored after {} tries",
                            order.id(),
                            order.estado().wire(),
                            failures);
                }
                return;
            } catch (SQLException e) {
                if (failures == 1) {
                    LOG.warn(
                            "orders notifier: the e-mail for order {} {} was sent but its 'sent' mark was not stored"
                                    + " ({}); retrying the mark, not the e-mail",
                            order.id(),
                            order.estado().wire(),
                            e.getMessage());
                }
                if (awaitStop(MARK_RETRY.delay(failures))) {
                    LOG.warn(
                            "orders notifier: stopped before the 'sent' mark of order {} {} was stored; the next"
                                    + " session resends it (same Message-ID) once the claim lease is over",
                            order.id(),
                            order.estado().wire());
                    throw e;
                }
            }
        }
    }
}
