package dev.sluice.orders.process;

import dev.sluice.orders.DeadLetters;
import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Parsed;
import dev.sluice.platform.service.Backoff;
import dev.sluice.platform.service.PollingService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing service: consumes new orders ({@code orders.requested}) and due steps
 * ({@code orders.advance}) in consumer group {@code orders.processor}, and for each one, in ONE
 * Kafka transaction per polled batch, publishes the state change to {@code orders.status},
 * schedules the next step through the platform's delay topics (target {@code orders.advance}), and
 * commits the consumed offsets ({@code sendOffsetsToTransaction}). A crash anywhere leaves either
 * all of a step or none of it visible to {@code read_committed} readers, so no state is skipped or
 * published twice. Unreadable or out-of-place records go to {@code orders.dlq} in the same
 * transaction, and the batch carries on.
 */
public final class Processor extends PollingService {
    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
    static final int MAX_POLL_RECORDS = 5000;

    private final KafkaClients clients;
    private final StateMachine machine;
    private final DelayedRecords delayed;
    private final String instanceId;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    /**
     * @param instanceId stable across restarts of this instance (host name, pod name): it names the
     *     transactional id, so a restarted instance aborts what its predecessor left open
     */
    public Processor(KafkaClients clients, StateMachine machine, DelayedRecords delayed, String instanceId) {
        super("orders-processor-" + instanceId, Backoff.DEFAULT);
        this.clients = Objects.requireNonNull(clients, "clients");
        this.machine = Objects.requireNonNull(machine, "machine");
        this.delayed = Objects.requireNonNull(delayed, "delayed");
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalArgumentException(
                    "processor instance id is required (stable across restarts, e.g. the host name)");
        }
        this.instanceId = instanceId;
    }

    public long published() {
        return published.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /**
     * Also registers {@code orders.transitions} (state changes published, the first state included)
     * and {@code orders.dead.lettered}, tagged {@code service=<name>}: the Grafana dashboard's orders row.
     */
    @Override
    public Processor bindMetrics(MeterRegistry registry) {
        super.bindMetrics(registry);
        FunctionCounter.builder("orders.transitions", published, AtomicLong::get)
                .description("order state changes published to orders.status")
                .tag("service", name())
                .register(registry);
        FunctionCounter.builder("orders.dead.lettered", deadLettered, AtomicLong::get)
                .description("order records sent to orders.dlq")
                .tag("service", name())
                .register(registry);
        return this;
    }

    @Override
    public Processor start() {
        super.start();
        return this;
    }

    @Override
    protected void runSession() {
        Map<String, Object> consumerProps = clients.consumerProps(OrderTopics.PROCESSOR_GROUP, true);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "orders-processor-" + instanceId);
        // Static membership: a restarted instance (same id) takes its partitions back at once,
        // without waiting for the session timeout of the member it replaces.
        consumerProps.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "orders-processor-" + instanceId);
        // One transaction per poll, and a transaction costs the same few round trips to the coordinator
        // (offsets, end, markers) whatever its size. The delay scheduler forwards everything that came
        // due in ONE transaction, so under a burst thousands of steps become visible at once; with 500
        // per poll the last of them waited for several commits in a row (hand-off p99 ~490 ms for a
        // 10,000-order burst). 5,000 takes such a wave in one or two transactions. A poll returns what
        // has been fetched, so a quiet period still commits small transactions at once.
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        Map<String, Object> producerProps = clients.transactionalProducerProps("orders-processor-" + instanceId);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "orders-processor-" + instanceId);
        // Readers wait for open transactions: keep them short, and far below the broker's 15 min cap.
        producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        // A long linger costs nothing here: commitTransaction() flushes at once. It lets a transaction's
        // records leave together at the commit instead of in several requests one after another (one
        // request in flight); 10,000-order burst lag p99 190-262 ms in four runs, 234-436 ms with 1 ms.
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 100);
        // retry backoff 10 ms and one request in flight come with transactionalProducerProps: the
        // 100 ms default backoff after a transactions-v2 refusal went straight into the transition lag.
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            register(consumer);
            producer.initTransactions();
            consumer.subscribe(List.of(OrderTopics.REQUESTED, OrderTopics.ADVANCE));
            LOG.info("orders processor {} consuming {} and {}", instanceId, OrderTopics.REQUESTED, OrderTopics.ADVANCE);
            while (running()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                // Any failure below escapes to PollingService: the transaction is never committed, the next
                // session's producer aborts it at initTransactions(), and its consumer re-reads the batch.
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long steps = 0;
                long dead = 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (handle(r, producer)) {
                        steps++;
                    } else {
                        dead++;
                    }
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                published.addAndGet(steps);
                deadLettered.addAndGet(dead);
            }
        }
    }

    /** Sends what one record leads to; false when it was dead-lettered. */
    private boolean handle(ConsumerRecord<byte[], byte[]> r, KafkaProducer<byte[], byte[]> producer) {
        Parsed<Order> parsed = OrderTopics.SERDE.parse(r.value());
        if (!parsed.isOk()) {
            return deadLetter(r, parsed.reason(), producer);
        }
        StateMachine.Decision decision = r.topic().equals(OrderTopics.REQUESTED)
                ? machine.onRequested(parsed.value())
                : machine.onAdvance(parsed.value());
        if (decision instanceof StateMachine.Rejected rejected) {
            return deadLetter(r, rejected.reason(), producer);
        }
        StateMachine.Step step = (StateMachine.Step) decision;
        Order status = step.status();
        producer.send(new ProducerRecord<>(OrderTopics.STATUS, status.key(), OrderTopics.SERDE.toBytes(status)));
        step.next()
                .ifPresent(next -> producer.send(delayed.at(
                        OrderTopics.ADVANCE,
                        next.order().key(),
                        OrderTopics.SERDE.toBytes(next.order()),
                        null,
                        next.due())));
        return true;
    }

    private boolean deadLetter(
            ConsumerRecord<byte[], byte[]> r, String reason, KafkaProducer<byte[], byte[]> producer) {
        LOG.warn("orders processor: {}-{}@{} to {}: {}", r.topic(), r.partition(), r.offset(), OrderTopics.DLQ, reason);
        producer.send(DeadLetters.of(r, reason));
        return false;
    }
}
