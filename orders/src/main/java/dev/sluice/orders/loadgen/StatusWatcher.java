package dev.sluice.orders.loadgen;

import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.platform.delay.DelayHeaders;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Parsed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads {@code orders.status} as a customer-facing reader would ({@code read_committed}, its own
 * group) and remembers when each (order, state) of this run was published: the demo's source for
 * finalized counts, completion times and transition lag, and for catching a doubled state change.
 * It also reads {@code orders.advance}, whose records carry their due time (the delay header) and,
 * as their timestamp, when the delay scheduler forwarded them: that splits each transition's lag
 * into the scheduler's part (due → forwarded) and the hand-off (forwarded → processor published).
 */
public final class StatusWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LongPredicate ours;
    /** order id → published time (ms) per state step 0..3. */
    public final Map<Long, long[]> times = new ConcurrentHashMap<>();
    /** order id → {due, forwarded} (ms) of the advance into state step 1..3, at index 2 × (step - 1). */
    public final Map<Long, long[]> advances = new ConcurrentHashMap<>();

    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong finalized = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param ours which order ids to watch (the load test watches every id and sorts them out at the end) */
    public StatusWatcher(KafkaClients clients, LongPredicate ours) {
        this.ours = ours;
        this.consumer = clients.bytesConsumer("orders.demo-watch-" + UUID.randomUUID(), true);
        this.thread = new Thread(this::run, "orders-demo-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching from the end of {@code orders.status} and {@code orders.advance} as they are
     * now: every record published after this returns is seen, none published before. (Reading the
     * topics from the beginning made each run replay every earlier run's records, in a benchmark
     * hundreds of thousands of them, parsed while the run's own orders were being measured.)
     */
    public StatusWatcher start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(OrderTopics.STATUS, OrderTopics.ADVANCE)) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // position() resolves the lazy seek now, before any order of this run is posted
        partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30)));
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Parsed<Order> parsed = OrderTopics.SERDE.parse(r.value());
                    if (!parsed.isOk() || !ours.test(parsed.value().id())) {
                        continue;
                    }
                    Order o = parsed.value();
                    if (r.topic().equals(OrderTopics.ADVANCE)) {
                        OptionalLong due = DelayHeaders.dueMillis(r.headers());
                        if (due.isPresent() && o.estado().step() > 0) {
                            long[] a = advances.computeIfAbsent(o.id(), id -> new long[] {-1, -1, -1, -1, -1, -1});
                            a[2 * (o.estado().step() - 1)] = due.getAsLong();
                            a[2 * (o.estado().step() - 1) + 1] = r.timestamp();
                        }
                        continue;
                    }
                    long[] t = times.computeIfAbsent(o.id(), id -> new long[] {-1, -1, -1, -1});
                    int step = o.estado().step();
                    if (t[step] >= 0) {
                        duplicates.incrementAndGet();
                    } else {
                        t[step] = r.timestamp();
                        if (o.estado().isFinal()) {
                            finalized.incrementAndGet();
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
