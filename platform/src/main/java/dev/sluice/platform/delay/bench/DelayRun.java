package dev.sluice.platform.delay.bench;

import dev.sluice.platform.delay.DelayHeaders;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Drives records through Kafka at a paced rate and watches them arrive at a target topic, either
 * through the delay topics or straight (the raw baseline), measuring arrival minus due time.
 * Shared by {@code sluice demo}, {@link DelayBench} and {@link RawKafka}; counts are taken from what the
 * read_committed observer really saw, never assumed.
 */
public final class DelayRun implements AutoCloseable {
    private final KafkaClients clients;
    private final String target;
    private final String runId;
    private final Histogram lateness = new ConcurrentHistogram(3_600_000L, 3);
    private final Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    /** Where each sequence number was first seen: a re-read of the same offset is not a duplicate. */
    private final Map<Integer, Long> firstPosition = new ConcurrentHashMap<>();

    private final AtomicLong early = new AtomicLong();
    private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastArrival = new AtomicLong();
    private final Thread observer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;

    public DelayRun(KafkaClients clients, String target, String runId) {
        this.clients = clients;
        this.target = target;
        this.runId = runId;
        Map<String, Object> props = clients.consumerProps("sluice-observer-" + runId, true);
        props.put("key.deserializer", ByteArrayDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        props.put("auto.offset.reset", "latest");
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(java.util.List.of(target));
        observer = new Thread(this::observe, "observer-" + target);
        observer.setDaemon(true);
        observer.start();
        // "latest": wait until the observer has its assignment so nothing we send is skipped
        long deadline = System.currentTimeMillis() + 30_000;
        while (!assigned && System.currentTimeMillis() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
    }

    private volatile boolean assigned;

    private void observe() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!consumer.assignment().isEmpty() && !assigned) {
                    // position() forces the "latest" reset now, before any record is produced
                    consumer.assignment().forEach(consumer::position);
                    assigned = true;
                }
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    String v = new String(r.value(), 0, Math.min(r.value().length, 64), StandardCharsets.UTF_8);
                    int bar = v.indexOf('|');
                    int bar2 = v.indexOf('|', bar + 1);
                    if (bar < 0 || bar2 < 0 || !v.substring(0, bar).equals(runId)) {
                        continue; // another run's record
                    }
                    int seq = Integer.parseInt(v.substring(bar + 1, bar2));
                    long position = ((long) r.partition() << 48) | r.offset();
                    Long first = firstPosition.putIfAbsent(seq, position);
                    if (first != null && first == position) {
                        continue; // the observer read the same record again (its group rewound): not a duplicate
                    }
                    long due = DelayHeaders.dueMillis(r.headers()).orElse(r.timestamp());
                    if (now < due) {
                        early.incrementAndGet();
                    }
                    lateness.recordValue(Math.max(0, now - due));
                    seen.merge(seq, 1, Integer::sum);
                    firstArrival.accumulateAndGet(now, Math::min);
                    lastArrival.accumulateAndGet(now, Math::max);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /**
     * Sends {@code count} records at {@code ratePerSecond}, each delayed by a random duration in
     * [minDelay, maxDelay] (log-uniform), or straight to the target when {@code delayed} is null.
     */
    public void send(
            int count,
            double ratePerSecond,
            int recordBytes,
            Duration minDelay,
            Duration maxDelay,
            DelayedRecords delayed,
            long seed,
            Runnable onSent) {
        Random random = new Random(seed);
        byte[] padding = new byte[Math.max(0, recordBytes - 40)];
        java.util.Arrays.fill(padding, (byte) 'x');
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = clients.bytesProducer()) {
            for (int i = 0; i < count; i++) {
                long at = start + i * intervalNanos;
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the load generator, not a consumer loop
                }
                byte[] key = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
                byte[] head = (runId + "|" + i + "|").getBytes(StandardCharsets.UTF_8);
                byte[] value = new byte[head.length + padding.length];
                System.arraycopy(head, 0, value, 0, head.length);
                System.arraycopy(padding, 0, value, head.length, padding.length);
                ProducerRecord<byte[], byte[]> r;
                if (delayed == null) {
                    r = new ProducerRecord<>(target, key, value);
                } else {
                    double lo = Math.log(Math.max(1, minDelay.toMillis()));
                    double hi = Math.log(Math.max(minDelay.toMillis() + 1, maxDelay.toMillis()));
                    long delay = Math.round(Math.exp(lo + random.nextDouble() * (hi - lo)));
                    r = delayed.after(target, key, value, null, Duration.ofMillis(delay));
                }
                producer.send(r);
                if (onSent != null) {
                    onSent.run();
                }
            }
            producer.flush();
        }
    }

    public int distinct() {
        return seen.size();
    }

    public long duplicates() {
        return seen.values().stream().mapToLong(n -> n - 1).sum();
    }

    public long early() {
        return early.get();
    }

    public Histogram lateness() {
        return lateness;
    }

    /**
     * Records per second between the first and the last arrival, less the spread of the delays
     * themselves (with delays in [min, max], arrivals span the send time plus max - min even when
     * the scheduler keeps up perfectly).
     */
    public double deliveredPerSecond(Duration delaySpread) {
        long span = lastArrival.get() - firstArrival.get() - delaySpread.toMillis();
        return span <= 0 ? seen.size() : seen.size() * 1000.0 / span;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        observer.join(10_000);
    }
}
