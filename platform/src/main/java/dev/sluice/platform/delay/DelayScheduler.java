package dev.sluice.platform.delay;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers delayed records from the tier topics to their target topics when they are due.
 *
 * <p>How it works: one consumer (in a consumer group, so several schedulers share the tiers)
 * reads every tier topic. Each partition is forwarded strictly in offset order. When the head
 * record of a partition is not yet due, the consumer seeks back to it and pauses the partition
 * until its due time; the poll timeout is the time to the next resume, so nothing sleeps and a
 * paused partition never holds back another. Memory is bounded by one poll's records.
 *
 * <p>Guarantees: never early (a record is forwarded only when the injected clock reads at least
 * its due time). Exactly-once forwarding for {@code read_committed} readers: forwarded records and
 * the consumer offsets are committed in one Kafka transaction, fenced by the group generation
 * (KIP-447), so a crash or a rebalance never forwards a record twice nor loses one. The
 * transactional id is stable per instance id, so a restarted instance aborts the transaction its
 * predecessor left open instead of leaving readers blocked until the transaction timeout.
 *
 * <p>Rebalances: the pause set is owned by this loop and reconciled with the consumer on every
 * assignment change and every iteration, so a partition paused before a rebalance is never left
 * paused after it (on any partition not in our pause set, the consumer is told to resume).
 */
public final class DelayScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DelayScheduler.class);

  private final Settings settings;
  private final DelayTiers tiers;
  private final Clock clock;
  private final Map<String, Object> clientProps;
  private final MeterRegistry meters;

  private final Map<TopicPartition, Long> pausedUntil = new HashMap<>();
  private final Map<String, AtomicLong> waitingByTier = new ConcurrentHashMap<>();
  private final AtomicLong forwarded = new AtomicLong();
  private final DistributionSummary lateness;
  private final Counter deadLettered;
  private volatile Map<TopicPartition, Long> pausedSnapshot = Map.of();
  private volatile Set<TopicPartition> assignedSnapshot = Set.of();
  private volatile boolean running;
  private volatile Throwable failure;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private volatile Set<TopicPartition> consumerPausedSnapshot = Set.of();
  private Thread thread;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /** Tuning of one scheduler instance. */
  public record Settings(String groupId, String instanceId, Duration maxPollWait, int maxPollRecords, Duration transactionTimeout) {
    public Settings {
      if (groupId == null || groupId.isBlank()) {
        throw new IllegalArgumentException("delay scheduler group id is required");
      }
      if (instanceId == null || instanceId.isBlank()) {
        throw new IllegalArgumentException("delay scheduler instance id is required (stable across restarts, e.g. the host name)");
      }
      if (maxPollWait == null || maxPollWait.isNegative() || maxPollWait.isZero()) {
        throw new IllegalArgumentException("delay scheduler maxPollWait must be positive, e.g. 100ms");
      }
      if (maxPollRecords < 1) {
        throw new IllegalArgumentException("delay scheduler maxPollRecords must be at least 1");
      }
    }

    public static Settings of(String groupId, String instanceId) {
      return new Settings(groupId, instanceId, Duration.ofMillis(100), 1000, Duration.ofSeconds(30));
    }
  }

  /**
   * @param clientProps common Kafka client properties (bootstrap servers, security); the scheduler
   *     adds its own consumer and transactional producer settings on top
   */
  public DelayScheduler(Map<String, Object> clientProps, DelayTiers tiers, Settings settings, Clock clock, MeterRegistry meters) {
    this.clientProps = Map.copyOf(Objects.requireNonNull(clientProps, "clientProps"));
    this.tiers = Objects.requireNonNull(tiers, "tiers");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.meters = Objects.requireNonNull(meters, "meters");
    for (DelayTier tier : tiers.tiers()) {
      AtomicLong waiting = new AtomicLong();
      waitingByTier.put(tier.topic(), waiting);
      Gauge.builder("sluice.delay.waiting", waiting, AtomicLong::get)
          .description("records waiting in a delay tier (end offset minus position) on this instance's partitions")
          .tag("tier", tier.label())
          .register(meters);
    }
    this.lateness =
        DistributionSummary.builder("sluice.delay.lateness")
            .description("delivered minus due, in milliseconds (after the forwarding transaction commits)")
            .baseUnit("milliseconds")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .register(meters);
    this.deadLettered = Counter.builder("sluice.delay.dead.lettered").description("delay records without a valid target or due header").register(meters);
    Gauge.builder("sluice.delay.forwarded", forwarded, AtomicLong::get).description("records forwarded by this instance").register(meters);
  }

  /** Starts the forwarding loop on its own thread. */
  public synchronized DelayScheduler start() {
    if (thread != null) {
      throw new IllegalStateException("scheduler already started");
    }
    running = true;
    thread = new Thread(this::runLoop, "delay-scheduler-" + settings.instanceId());
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /** Stops the loop, commits nothing further and closes the clients. */
  public void stop() {
    running = false;
    stopRequested.countDown();
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isRunning() {
    return running && failure == null && thread != null && thread.isAlive();
  }

  /** Why the loop ended, if it ended by an error (for /ready and logs). */
  public Throwable failure() {
    return failure;
  }

  public long forwardedCount() {
    return forwarded.get();
  }

  /** Partitions this instance has paused, with the epoch millis at which each resumes. */
  public Map<TopicPartition, Long> pausedPartitions() {
    return pausedSnapshot;
  }

  /** What the Kafka consumer itself reports as paused; always a subset of {@link #pausedPartitions()}. */
  public Set<TopicPartition> consumerPausedPartitions() {
    return consumerPausedSnapshot;
  }

  public Set<TopicPartition> assignedPartitions() {
    return assignedSnapshot;
  }

  public long waiting(DelayTier tier) {
    AtomicLong w = waitingByTier.get(tier.topic());
    return w == null ? 0 : w.get();
  }

  /**
   * Runs sessions until stopped. A session that fails (broker gone, transaction state lost) is
   * replaced by a fresh one after a short pause: the new transactional producer aborts whatever the
   * old one left open, and the new consumer starts at the committed offsets, so nothing is lost or
   * forwarded twice. Only fencing (another live instance with our transactional id) ends the loop.
   */
  private void runLoop() {
    try {
      while (running) {
        try {
          runSession();
        } catch (ProducerFencedException e) {
          failure = e;
          LOG.error("delay scheduler {} was fenced: another instance uses the same instance id; stopping", settings.instanceId());
          return;
        } catch (WakeupException | InterruptException e) {
          if (running) {
            failure = e;
          }
          return;
        } catch (RuntimeException e) {
          if (!running) {
            return;
          }
          LOG.warn("delay scheduler {} session failed, starting a new one in {} (uncommitted records will be forwarded by it): {}",
              settings.instanceId(), settings.maxPollWait().multipliedBy(10), e.toString());
          try {
            if (stopRequested.await(settings.maxPollWait().toMillis() * 10, TimeUnit.MILLISECONDS)) {
              return;
            }
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    } finally {
      running = false;
      stopped.countDown();
    }
  }

  private void runSession() {
    Map<String, Object> consumerProps = new HashMap<>(clientProps);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "delay-scheduler-" + settings.instanceId());
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
    consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);

    Map<String, Object> producerProps = new HashMap<>(clientProps);
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sluice-delay-" + settings.groupId() + "-" + settings.instanceId());
    producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) settings.transactionTimeout().toMillis());
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "delay-forwarder-" + settings.instanceId());
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

    pausedUntil.clear();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
      consumer = c;
      if (!running) {
        return;
      }
      producer.initTransactions();
      c.subscribe(tiers.topics(), new Rebalance(c));
      LOG.info("delay scheduler {} forwarding {} (group {})", settings.instanceId(), tiers, settings.groupId());
      while (running) {
        resumeDuePartitions(c);
        ConsumerRecords<byte[], byte[]> records = c.poll(pollTimeout());
        if (!records.isEmpty()) {
          forward(c, producer, records);
        }
        reconcilePauses(c);
        updateGauges(c);
      }
    } finally {
      consumer = null;
    }
  }

  private Duration pollTimeout() {
    long max = settings.maxPollWait().toMillis();
    if (pausedUntil.isEmpty()) {
      return Duration.ofMillis(max);
    }
    long next = pausedUntil.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    long wait = Math.max(0, Math.min(max, next - clock.millis()));
    return Duration.ofMillis(wait);
  }

  private void resumeDuePartitions(KafkaConsumer<byte[], byte[]> c) {
    if (pausedUntil.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<TopicPartition> due = new ArrayList<>();
    pausedUntil.forEach((tp, until) -> {
      if (until <= now) {
        due.add(tp);
      }
    });
    if (!due.isEmpty()) {
      due.forEach(pausedUntil::remove);
      c.resume(due);
    }
  }

  /** Forwards every due record in offset order; pauses a partition at its first record not yet due. */
  private void forward(KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> producer, ConsumerRecords<byte[], byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    List<Long> dueTimes = new ArrayList<>();
    boolean inTransaction = false;
    try {
      for (TopicPartition tp : records.partitions()) {
        for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
          firstOffsets.putIfAbsent(tp, r.offset());
          OptionalLong due = DelayHeaders.dueMillis(r.headers());
          String target = DelayHeaders.text(r.headers(), DelayHeaders.TARGET);
          long now = clock.millis();
          if (due.isPresent() && target != null && !target.isBlank() && due.getAsLong() > now) {
            c.seek(tp, r.offset());
            c.pause(List.of(tp));
            pausedUntil.put(tp, due.getAsLong());
            break;
          }
          if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
          }
          if (due.isEmpty() || target == null || target.isBlank()) {
            producer.send(deadLetter(r, due.isEmpty() ? "missing or unparseable " + DelayHeaders.DUE + " header" : "missing " + DelayHeaders.TARGET + " header"));
            deadLettered.increment();
          } else {
            RecordHeaders headers = new RecordHeaders(r.headers().toArray());
            headers.remove(DelayHeaders.TARGET);
            producer.send(new ProducerRecord<>(target, null, r.key(), r.value(), headers));
            dueTimes.add(due.getAsLong());
          }
          offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
      }
      if (inTransaction) {
        producer.sendOffsetsToTransaction(offsets, c.groupMetadata());
        producer.commitTransaction();
        long delivered = clock.millis();
        for (long due : dueTimes) {
          lateness.record(Math.max(0, delivered - due));
        }
        forwarded.addAndGet(dueTimes.size());
      }
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e; // fatal for this producer: another instance owns the work now, or we may not write
    } catch (KafkaException e) {
      LOG.warn("delay scheduler {}: forwarding transaction failed, retrying from the last committed position: {}", settings.instanceId(), e.toString());
      if (inTransaction) {
        producer.abortTransaction(); // if this fails too, the session is rebuilt by runLoop
      }
      // Nothing of this batch is committed: rewind so the same records are tried again.
      firstOffsets.forEach((tp, offset) -> {
        if (c.assignment().contains(tp)) {
          c.seek(tp, offset);
          pausedUntil.remove(tp);
          c.resume(List.of(tp));
        }
      });
    }
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
    RecordHeaders headers = new RecordHeaders(r.headers().toArray());
    headers.add(DelayHeaders.REASON, DelayHeaders.bytes(reason));
    headers.add("sluice.original.topic", DelayHeaders.bytes(r.topic()));
    headers.add("sluice.original.partition", DelayHeaders.bytes(Integer.toString(r.partition())));
    headers.add("sluice.original.offset", DelayHeaders.bytes(Long.toString(r.offset())));
    return new ProducerRecord<>(tiers.deadLetterTopic(), null, r.key(), r.value(), headers);
  }

  /** Whatever the consumer has paused that we do not track is resumed: nothing stays paused by accident. */
  private void reconcilePauses(KafkaConsumer<byte[], byte[]> c) {
    Set<TopicPartition> assignment = c.assignment();
    pausedUntil.keySet().retainAll(assignment);
    Set<TopicPartition> stray = new HashSet<>(c.paused());
    stray.removeAll(pausedUntil.keySet());
    if (!stray.isEmpty()) {
      c.resume(stray);
    }
    pausedSnapshot = Map.copyOf(pausedUntil);
    consumerPausedSnapshot = Set.copyOf(c.paused());
    assignedSnapshot = Set.copyOf(assignment);
  }

  private void updateGauges(KafkaConsumer<byte[], byte[]> c) {
    Map<String, Long> sums = new HashMap<>();
    for (TopicPartition tp : c.assignment()) {
      OptionalLong lag = c.currentLag(tp);
      if (lag.isPresent()) {
        sums.merge(tp.topic(), lag.getAsLong(), Long::sum);
      }
    }
    waitingByTier.forEach((topic, gauge) -> gauge.set(sums.getOrDefault(topic, 0L)));
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> c;

    Rebalance(KafkaConsumer<byte[], byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(pausedUntil::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(pausedUntil::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // A newly assigned partition starts from its committed offset, unpaused: its head is
      // examined afresh and paused again only if it is not yet due.
      partitions.forEach(pausedUntil::remove);
      c.resume(partitions);
    }
  }
}
