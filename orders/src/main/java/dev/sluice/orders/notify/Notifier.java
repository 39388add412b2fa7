package dev.sluice.orders.notify;

import dev.sluice.orders.DeadLetters;
import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.orders.notify.NotificationStore.Claim;
import dev.sluice.orders.notify.NotificationStore.Key;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Parsed;
import dev.sluice.platform.service.Backoff;
import dev.sluice.platform.service.PollingService;
import dev.sluice.platform.service.ThreadNice;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>Per polled batch: one statement saves the latest states, one claims every e-mail of the batch
 * (a second reads the status of those it could not claim), then the claimed e-mails go out over up
 * to {@code parallelSends} SMTP connections at once, each marked sent right after the server
 * accepted it. The marks are not batched, on purpose: the <em>accept gate</em> lets one e-mail at a
 * time be accepted by the server and not yet marked (a sender takes it right before SMTP's final
 * {@code "."} and gives it back after the mark), so a crash still resends at most one e-mail, while
 * the other connections' MAIL, RCPT, DATA and message text overlap with that mark. One order's
 * e-mails of a batch are sent by one sender, one after the other in the batch's order, so they
 * arrive in state order.
 */
public final class Notifier extends PollingService {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final KafkaClients clients;
    private final NotificationStore store;
    private final Mailer mailer;
    private final String instanceId;
    private final Duration claimLease;
    private final int parallelSends;
    /** Held from right before a server may accept an e-mail until its 'sent' mark is stored. */
    private final ReentrantLock acceptGate = new ReentrantLock();

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(30);
    /** SMTP sends in flight at once (connections); measured in docs/benchmarks.md "Orders". */
    public static final int DEFAULT_PARALLEL_SENDS = 4;
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
        this(clients, store, mailer, instanceId, claimLease, DEFAULT_PARALLEL_SENDS);
    }

    /** @param parallelSends e-mails sent at once, each on its own SMTP connection (1 to 64) */
    public Notifier(
            KafkaClients clients,
            NotificationStore store,
            Mailer mailer,
            String instanceId,
            Duration claimLease,
            int parallelSends) {
        super("orders-notifier-" + instanceId, Backoff.DEFAULT);
        if (claimLease == null || claimLease.isNegative()) {
            throw new IllegalArgumentException("notifier claim lease must be zero or more, e.g. 30s");
        }
        if (parallelSends < 1 || parallelSends > 64) {
            throw new IllegalArgumentException(
                    "notifier parallel sends must be 1 to 64 (SMTP connections), e.g. 4; was " + parallelSends);
        }
        this.claimLease = claimLease;
        this.parallelSends = parallelSends;
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
        // Two statements per batch whatever its size, then ~0.5 ms per e-mail: 500 records stay far
        // inside max.poll.interval.ms and amortise the claim and the offset commit.
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        Map<String, Object> producerProps = clients.producerProps();
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "orders-notifier-dlq-" + instanceId);
        AtomicInteger laneNumber = new AtomicInteger();
        int nice = nice();
        ExecutorService lanes = Executors.newFixedThreadPool(Math.max(1, parallelSends - 1), r -> {
            Thread t = new Thread(
                    () -> {
                        ThreadNice.lower(nice); // as the notifier's own thread
                        r.run();
                    },
                    name() + "-send-" + laneNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> dlq = new KafkaProducer<>(producerProps)) {
            register(consumer);
            consumer.subscribe(List.of(OrderTopics.STATUS));
            LOG.info(
                    "orders notifier {} consuming {}, up to {} e-mails in flight (SMTP connections)",
                    session,
                    OrderTopics.STATUS,
                    parallelSends);
            while (running()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                List<Order> orders = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Parsed<Order> parsed = OrderTopics.SERDE.parse(r.value());
                    if (parsed.isOk()) {
                        orders.add(parsed.value());
                    } else {
                        deadLetter(r, parsed.reason(), dlq);
                    }
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                handle(orders, session, lanes);
                consumer.commitSync(offsets);
            }
        } finally {
            lanes.shutdownNow();
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, KafkaProducer<byte[], byte[]> dlq)
            throws Exception {
        LOG.warn("orders notifier: {}-{}@{} to {}: {}", r.topic(), r.partition(), r.offset(), OrderTopics.DLQ, reason);
        // Wait for the acknowledgement: the offset commit after this batch must not outrun it.
        dlq.send(DeadLetters.of(r, reason)).get(30, TimeUnit.SECONDS);
        deadLettered.incrementAndGet();
    }

    /** Saves the latest states, claims the batch's e-mails and sends the claimed ones. */
    private void handle(List<Order> orders, String session, ExecutorService lanes) throws Exception {
        if (orders.isEmpty()) {
            return;
        }
        store.saveLatest(orders);
        Map<Key, Claim> claims = store.claim(orders, session, claimLease);
        List<Key> claimed = new ArrayList<>();
        Key held = null;
        for (Map.Entry<Key, Claim> e : claims.entrySet()) {
            if (e.getValue() == Claim.CLAIMED) {
                claimed.add(e.getKey());
            } else if (e.getValue() == Claim.HELD && held == null) {
                held = e.getKey();
            }
        }
        if (held != null) {
            store.release(claimed, session);
            // Ends the session: the next one replays from the committed offset, by then the lease may be over.
            throw new IllegalStateException("the e-mail for order " + held.orderId() + " " + held.estado()
                    + " is claimed by another notifier session that may still be sending it; retrying");
        }
        skipped.addAndGet(orders.size() - claimed.size());
        sendAll(EmailBatch.perOrder(orders, Set.copyOf(claimed)), session, lanes);
    }

    /**
     * Sends every claimed e-mail, one order's e-mails one after the other by one sender, up to {@code
     * parallelSends} orders at once. On the first failure no new e-mail is started; the ones not
     * sent give their claims back (one statement) and the failure ends the session.
     */
    private void sendAll(List<List<Order>> perOrder, String session, ExecutorService lanes) throws Exception {
        Queue<List<Order>> work = new ConcurrentLinkedQueue<>(perOrder);
        Set<Key> unsent = ConcurrentHashMap.newKeySet();
        perOrder.forEach(group -> group.forEach(o -> unsent.add(Key.of(o))));
        AtomicReference<Exception> failure = new AtomicReference<>();
        Runnable lane = () -> {
            List<Order> group;
            while (failure.get() == null && (group = work.poll()) != null) {
                for (Order order : group) {
                    if (failure.get() != null) {
                        return;
                    }
                    try {
                        sendOne(order, session, unsent);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            }
        };
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i < Math.min(parallelSends, perOrder.size()); i++) {
            others.add(lanes.submit(lane));
        }
        lane.run();
        for (Future<?> f : others) {
            f.get(); // a lane catches its exceptions; this only waits
        }
        Exception e = failure.get();
        if (e != null) {
            try {
                store.release(List.copyOf(unsent), session);
            } catch (SQLException releaseFailed) {
                e.addSuppressed(releaseFailed); // the claims then wait for the lease
            }
            throw e;
        }
    }

    private void sendOne(Order order, String session, Set<Key> unsent) throws Exception {
        try {
            mailer.send(OrderEmails.of(order), this::enterAcceptGate);
            unsent.remove(Key.of(order));
            sent.incrementAndGet();
            markSent(order, session);
        } finally {
            while (acceptGate.isHeldByCurrentThread()) {
                acceptGate.unlock();
            }
        }
    }

    /** Right before the server may accept an e-mail: waits until no other e-mail is accepted and unmarked. */
    private void enterAcceptGate() {
        if (!acceptGate.isHeldByCurrentThread()) {
            acceptGate.lock();
        }
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
