package dev.sluice.answers.worker;

import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.regeneration.RegenerationSettings;
import dev.sluice.answers.retry.AdaptiveLimiter;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.service.Backoff;
import dev.sluice.platform.service.PollingService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM worker: reads {@code questions.pending}, asks the LLM, and publishes each task's result
 * — a {@code GeneratedAnswer} on {@code answers.generated}, a delayed retry through the overload
 * or quota delay tiers back to {@code questions.pending}, or a {@code DeadLetter} on
 * {@code questions.dlq} — in <b>one Kafka transaction per polled batch, together with the consumed
 * offsets</b> ({@code sendOffsetsToTransaction} with the group metadata, KIP-447). A worker killed
 * mid-call has committed nothing of its batch, so the next owner of the partition asks again: no
 * question is lost and, for {@code read_committed} readers, none is doubled (the LLM may be asked
 * twice; only one answer is ever published). The transactional id is stable per instance id, so a
 * restarted instance aborts what its predecessor left open.
 *
 * <p>Calls in a batch run concurrently on a fixed pool of {@code maxInFlight} threads, under the
 * {@link AdaptiveLimiter} (AIMD limit, Retry-After block, circuit breaker); routing is the
 * {@link RetryPolicy}'s. Poison records go to the DLQ with the parse failure and the raw payload;
 * the consumer carries on.
 *
 * <p><b>Why a plain consumer group and not a Kafka 4.2 share group.</b> Share groups would fit
 * this work queue well (per-record acknowledgement, more workers than partitions, a slow call
 * does not hold back its partition, and {@code deliveryCount()} per record). But in Kafka 4.2 a
 * share consumer's acknowledgements cannot join a producer transaction: there is no
 * {@code sendOffsetsToTransaction} for share groups (proposed as KIP-1289, not released), so
 * "publish the result and consume the task" could not be atomic, and a crash between the two
 * would double an answer or, acknowledged first, lose one. We would need idempotent downstream
 * dedup by (question id, attempt, retry counters) instead, which the scoring job partly has.
 * They would fit as a second consumer behind the same {@link BatchProcessor}: poll from a
 * {@code KafkaShareConsumer}, publish with an idempotent (non-transactional) producer, then
 * {@code acknowledge(record, ACCEPT)} and {@code commitSync()}; at-least-once, with duplicates
 * dropped downstream. Once transactional acknowledgements ship, the same loop becomes
 * exactly-once again. Plain groups stay for older clusters either way.
 *
 * <p>Lifecycle ({@link PollingService}): a failed session (broker gone, transaction aborted, group
 * rebalanced under a batch) is replaced after a backoff; its uncommitted batch is asked again.
 */
public final class LlmWorker extends PollingService {
    private static final Logger LOG = LoggerFactory.getLogger(LlmWorker.class);

    private final KafkaClients clients;
    private final LlmClient llm;
    private final Settings settings;
    private final Clock clock;
    private final AdaptiveLimiter limiter;
    private final RetryPolicy policy;
    private final WorkerRecords records;
    private final Map<String, Counter> outcomeCounters = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final AtomicInteger batchesCommitted = new AtomicInteger();
    private volatile ExecutorService calls;

    /**
     * One worker instance's tuning.
     *
     * @param groupId consumer group of all workers (one group shares the pending partitions)
     * @param instanceId stable across restarts of this instance (host name, pod name): the
     *     transactional id is derived from it
     * @param maxInFlight LLM calls this instance runs at once, the adaptive limit's ceiling
     * @param maxPollRecords tasks per batch, and so per transaction
     * @param callTimeout the LLM client's request timeout; a batch lasts at most its budget plus one of these
     * @param maxPollInterval {@code max.poll.interval.ms}; the batch budget is half of it
     */
    public record Settings(
            String groupId,
            String instanceId,
            int maxInFlight,
            int maxPollRecords,
            Duration pollTimeout,
            Duration callTimeout,
            Duration maxPollInterval,
            Duration transactionTimeout,
            RetryPolicy.Settings retry,
            AdaptiveLimiter.Settings limiter,
            RegenerationSettings regeneration) {
        public Settings {
            requireText(groupId, "worker.group");
            requireText(instanceId, "worker.instance-id (stable across restarts, e.g. the host name)");
            if (maxInFlight < 1 || maxPollRecords < 1) {
                throw new IllegalArgumentException(
                        "worker.max-in-flight and worker.max-poll-records must be at least 1, were " + maxInFlight
                                + " and " + maxPollRecords);
            }
            requirePositive(pollTimeout, "worker.poll-timeout");
            requirePositive(callTimeout, "worker.call-timeout");
            requirePositive(maxPollInterval, "worker.max-poll-interval");
            requirePositive(transactionTimeout, "worker.transaction-timeout");
            Objects.requireNonNull(retry, "retry settings");
            Objects.requireNonNull(limiter, "limiter settings");
            Objects.requireNonNull(regeneration, "regeneration settings (RegenerationSettings.DEFAULTS)");
            if (callTimeout.multipliedBy(2).compareTo(maxPollInterval) >= 0) {
                throw new IllegalArgumentException("worker.max-poll-interval (" + maxPollInterval
                        + ") must be more than twice the LLM call timeout (" + callTimeout
                        + "): a batch may run half the interval plus one call before it polls again");
            }
            // The transaction opens only after a batch's calls are done, so it lasts one send and commit;
            // brokers refuse timeouts above transaction.max.timeout.ms (15 min by default).
            if (transactionTimeout.compareTo(Duration.ofMinutes(15)) > 0) {
                throw new IllegalArgumentException(
                        "worker.transaction-timeout must be at most 15 min (the broker's default "
                                + "transaction.max.timeout.ms), was " + transactionTimeout);
            }
            if (limiter.maxConcurrency() > maxInFlight) {
                throw new IllegalArgumentException("limiter max concurrency (" + limiter.maxConcurrency()
                        + ") must not exceed worker.max-in-flight (" + maxInFlight + ")");
            }
        }

        /** With the default regeneration prompt ({@link RegenerationSettings#DEFAULTS}). */
        public Settings(
                String groupId,
                String instanceId,
                int maxInFlight,
                int maxPollRecords,
                Duration pollTimeout,
                Duration callTimeout,
                Duration maxPollInterval,
                Duration transactionTimeout,
                RetryPolicy.Settings retry,
                AdaptiveLimiter.Settings limiter) {
            this(
                    groupId,
                    instanceId,
                    maxInFlight,
                    maxPollRecords,
                    pollTimeout,
                    callTimeout,
                    maxPollInterval,
                    transactionTimeout,
                    retry,
                    limiter,
                    RegenerationSettings.DEFAULTS);
        }

        /** 8 calls in flight, 32 tasks per batch, 30 s call timeout, 5 min poll interval, 60 s transaction timeout, default retry and limiter. */
        public static Settings of(String groupId, String instanceId) {
            return new Settings(
                    groupId,
                    instanceId,
                    8,
                    32,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(60),
                    RetryPolicy.Settings.defaults(),
                    AdaptiveLimiter.Settings.of(8));
        }

        public Settings withRetry(RetryPolicy.Settings r) {
            return new Settings(
                    groupId,
                    instanceId,
                    maxInFlight,
                    maxPollRecords,
                    pollTimeout,
                    callTimeout,
                    maxPollInterval,
                    transactionTimeout,
                    r,
                    limiter,
                    regeneration);
        }

        public Settings withLimiter(AdaptiveLimiter.Settings l) {
            return new Settings(
                    groupId,
                    instanceId,
                    l.maxConcurrency(),
                    maxPollRecords,
                    pollTimeout,
                    callTimeout,
                    maxPollInterval,
                    transactionTimeout,
                    retry,
                    l,
                    regeneration);
        }

        public Settings withCallTimeout(Duration t) {
            return new Settings(
                    groupId,
                    instanceId,
                    maxInFlight,
                    maxPollRecords,
                    pollTimeout,
                    t,
                    maxPollInterval,
                    transactionTimeout,
                    retry,
                    limiter,
                    regeneration);
        }

        /** The regeneration prompt's settings (previous answer's length, temperature). */
        public Settings withRegeneration(RegenerationSettings value) {
            return new Settings(
                    groupId,
                    instanceId,
                    maxInFlight,
                    maxPollRecords,
                    pollTimeout,
                    callTimeout,
                    maxPollInterval,
                    transactionTimeout,
                    retry,
                    limiter,
                    value);
        }

        /** The transactional id: stable per (group, instance), so a restart fences and aborts the predecessor. */
        public String transactionalId() {
            return "sluice-worker-" + groupId + "-" + instanceId;
        }

        private static void requireText(String s, String key) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(key + " is required");
            }
        }

        private static void requirePositive(Duration d, String key) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
            }
        }
    }

    /** A worker whose jitter is seeded from the instance id (repeatable per instance, different across instances). */
    public LlmWorker(KafkaClients clients, LlmClient llm, Settings settings, Clock clock, MeterRegistry meters) {
        this(
                clients,
                llm,
                settings,
                clock,
                meters,
                new Random(Objects.requireNonNull(settings, "settings")
                        .instanceId()
                        .hashCode()));
    }

    public LlmWorker(
            KafkaClients clients, LlmClient llm, Settings settings, Clock clock, MeterRegistry meters, Random random) {
        super("llm-worker-" + Objects.requireNonNull(settings, "settings").instanceId(), Backoff.DEFAULT);
        this.clients = Objects.requireNonNull(clients, "clients");
        this.llm = Objects.requireNonNull(llm, "llm");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.limiter = new AdaptiveLimiter(settings.limiter(), clock);
        this.policy = new RetryPolicy(settings.retry(), clock, random);
        this.records = new WorkerRecords(clock);
        Gauge.builder("sluice.worker.limit", limiter, AdaptiveLimiter::currentLimit)
                .description("LLM calls the adaptive limiter allows at once")
                .tag("instance", settings.instanceId())
                .register(meters);
        Gauge.builder("sluice.worker.in.flight", limiter, AdaptiveLimiter::inFlight)
                .description("LLM calls running")
                .tag("instance", settings.instanceId())
                .register(meters);
        bindMetrics(meters);
    }

    /** Starts the consume-call-publish loop on its own thread. */
    @Override
    public LlmWorker start() {
        super.start();
        return this;
    }

    /** The call pool lives as long as the worker, across sessions. */
    @Override
    protected void onStart() {
        AtomicInteger n = new AtomicInteger();
        calls = Executors.newFixedThreadPool(settings.maxInFlight(), r -> {
            Thread t = new Thread(r, "llm-call-" + settings.instanceId() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A batch in progress when {@link #stop()} is called is not committed: its tasks are asked
     * again by the next owner of their partitions.
     */
    @Override
    protected void onStop() {
        calls.shutdownNow();
    }

    public AdaptiveLimiter limiter() {
        return limiter;
    }

    public int batchesCommitted() {
        return batchesCommitted.get();
    }

    @Override
    protected void runSession() {
        Map<String, Object> consumerProps = clients.consumerProps(settings.groupId(), true);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        consumerProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                settings.maxPollInterval().toMillis());
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "llm-worker-" + settings.instanceId());
        Map<String, Object> producerProps = clients.transactionalProducerProps(settings.transactionalId());
        producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int)
                settings.transactionTimeout().toMillis());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "llm-worker-out-" + settings.instanceId());
        BatchProcessor processor = new BatchProcessor(
                llm, limiter, policy, records, calls, clock, this::countOutcome, settings.regeneration());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            register(c);
            producer.initTransactions();
            c.subscribe(List.of(AnswersTopics.PENDING));
            LOG.info(
                    "LLM worker {} consuming {} (group {}) with {}, up to {} calls in flight",
                    settings.instanceId(),
                    AnswersTopics.PENDING,
                    settings.groupId(),
                    llm.describe(),
                    settings.maxInFlight());
            while (running()) {
                ConsumerRecords<byte[], byte[]> polled = c.poll(settings.pollTimeout());
                if (polled.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
                polled.forEach(batch::add);
                List<ProducerRecord<byte[], byte[]>> out =
                        processor.process(batch, settings.maxPollInterval().dividedBy(2));
                if (stopping()) {
                    return; // stopping mid-batch: commit nothing, the next owner asks again
                }
                publish(c, producer, out, nextOffsets(batch));
            }
        }
    }

    /** Results and consumed offsets in one transaction; any failure aborts it and ends the session. */
    private void publish(
            KafkaConsumer<byte[], byte[]> c,
            KafkaProducer<byte[], byte[]> producer,
            List<ProducerRecord<byte[], byte[]>> out,
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        producer.beginTransaction();
        try {
            out.forEach(producer::send);
            producer.sendOffsetsToTransaction(offsets, c.groupMetadata());
            producer.commitTransaction();
            batchesCommitted.incrementAndGet();
        } catch (ProducerFencedException e) {
            throw e;
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            offsets.merge(
                    new TopicPartition(r.topic(), r.partition()),
                    new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    private void countOutcome(String outcome) {
        outcomeCounters
                .computeIfAbsent(
                        outcome,
                        o -> Counter.builder("sluice.worker.outcomes")
                                .description("tasks by what their LLM call (or its absence) came to")
                                .tag("outcome", o)
                                .tag("instance", settings.instanceId())
                                .register(meters))
                .increment();
    }
}
