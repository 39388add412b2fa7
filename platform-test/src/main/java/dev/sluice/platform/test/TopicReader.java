package dev.sluice.platform.test;

import dev.sluice.platform.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads what is on topics, for assertions: every partition from its beginning, with no consumer
 * group (nothing committed, and a broker restart cannot rewind the reader), {@code read_committed}
 * or not.
 *
 * <pre>{@code
 * List<ConsumerRecord<byte[], byte[]>> out = TopicReader.committed(kafka.clients()).toEnd("orders.status");
 * List<ConsumerRecord<byte[], byte[]>> dlq = TopicReader.committed(kafka.clients()).atLeast(3, "orders.dlq");
 * try (TopicReader.Tail tail = TopicReader.committed(kafka.clients()).tail("answers.generated")) { ... }
 * }</pre>
 *
 * For a {@code read_committed} reader the end of a partition is its last stable offset: records of
 * a transaction still open are not read, nor anything after them.
 */
public final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaClients clients;
    private final boolean readCommitted;
    private final Duration timeout;

    private TopicReader(KafkaClients clients, boolean readCommitted, Duration timeout) {
        if (clients == null) {
            throw new IllegalArgumentException("TopicReader needs the cluster's KafkaClients, e.g. kafka.clients()");
        }
        this.clients = clients;
        this.readCommitted = readCommitted;
        this.timeout = timeout;
    }

    /** Sees only committed transactions (and records written outside any), as a downstream consumer does. */
    public static TopicReader committed(KafkaClients clients) {
        return new TopicReader(clients, true, Duration.ofSeconds(30));
    }

    /** Sees every record written, aborted transactions included. */
    public static TopicReader uncommitted(KafkaClients clients) {
        return new TopicReader(clients, false, Duration.ofSeconds(30));
    }

    /** How long {@link #toEnd} and {@link #atLeast} may take before they fail; 30 s unless set. */
    public TopicReader within(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("TopicReader.within needs a positive timeout, was " + timeout);
        }
        return new TopicReader(clients, readCommitted, timeout);
    }

    /** Every record on the topics now: read up to the end offsets taken when reading starts. */
    public List<ConsumerRecord<byte[], byte[]>> toEnd(String... topics) {
        return read(0, topics);
    }

    /**
     * Reads until at least {@code n} records have arrived, then on to the end offsets at that moment,
     * so a record written twice shows up twice.
     */
    public List<ConsumerRecord<byte[], byte[]>> atLeast(int n, String... topics) {
        if (n < 1) {
            throw new IllegalArgumentException("atLeast needs a count of 1 or more, was " + n + "; use toEnd");
        }
        return read(n, topics);
    }

    /**
     * Starts reading on a background thread and keeps every record until closed, for tests that
     * wait for records while the system under test runs.
     */
    public Tail tail(String... topics) {
        return tail(r -> {}, topics);
    }

    /** As {@link #tail(String...)}, calling {@code onRecord} on the reader thread for each record before keeping it. */
    public Tail tail(Consumer<ConsumerRecord<byte[], byte[]>> onRecord, String... topics) {
        return new Tail(consumer(topics), onRecord, String.join(",", topics));
    }

    /** The values as UTF-8 strings, in the order read. */
    public static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(int atLeast, String... topics) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(topics)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < atLeast) {
                failIfLate(deadline, records.size() + " of at least " + atLeast + " records", topics);
                consumer.poll(POLL).forEach(records::add);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                failIfLate(deadline, records.size() + " records, not yet to the end offsets " + end, topics);
                consumer.poll(POLL).forEach(records::add);
            }
        }
        return records;
    }

    private void failIfLate(long deadline, String got, String... topics) {
        if (System.nanoTime() > deadline) {
            throw new AssertionError("reading " + String.join(", ", topics) + " (read_"
                    + (readCommitted ? "committed" : "uncommitted") + ") got " + got + " within " + timeout);
        }
    }

    /** Assigned every partition of the topics, at the beginning; no group, so nothing is ever committed. */
    private KafkaConsumer<byte[], byte[]> consumer(String... topics) {
        if (topics.length == 0) {
            throw new IllegalArgumentException("TopicReader needs at least one topic to read");
        }
        Map<String, Object> props = clients.consumerProps("unused", readCommitted);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<TopicPartition> of = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                if (of.isEmpty()) {
                    throw new IllegalArgumentException("topic " + topic
                            + " does not exist: create it before reading it (KafkaExtension.createTopic)");
                }
                partitions.addAll(of);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Records read on a background thread since it started; {@link #close()} stops it. */
    public static final class Tail implements AutoCloseable {
        private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        private Tail(
                KafkaConsumer<byte[], byte[]> consumer,
                Consumer<ConsumerRecord<byte[], byte[]>> onRecord,
                String name) {
            this.consumer = consumer;
            this.onRecord = onRecord;
            this.thread = new Thread(this::run, "topic-tail-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                        onRecord.accept(r);
                        records.add(r);
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                consumer.close();
            }
        }

        /** Every record read so far, in the order read; fails if the reader thread failed. */
        public List<ConsumerRecord<byte[], byte[]>> records() {
            if (failure != null) {
                throw new IllegalStateException("the topic reader stopped on an error", failure);
            }
            return List.copyOf(records);
        }

        /** The records read so far from one topic. */
        public List<ConsumerRecord<byte[], byte[]>> from(String topic) {
            return records().stream().filter(r -> r.topic().equals(topic)).toList();
        }

        public int size() {
            return records().size();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(10_000);
        }
    }
}
