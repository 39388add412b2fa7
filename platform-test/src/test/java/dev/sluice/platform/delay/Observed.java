package dev.sluice.platform.delay;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a target topic with read_committed and records, per record id, every time it was seen. */
final class Observed implements AutoCloseable {
    record Seen(String id, long due, long sentAt, long observedAt, String tierTopic, int partition, long offset) {}

    final Map<String, List<Seen>> byId = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Clock clock;
    private volatile boolean running = true;

    Observed(String bootstrap, String topic, Clock clock) {
        this.clock = clock;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer = new KafkaConsumer<>(p);
        // assign, not subscribe: no group, so a broker restart can never rewind this reader to an
        // older committed offset and make a re-read look like a duplicate
        consumer.assign(consumer.partitionsFor(topic).stream()
                .map(pi -> new org.apache.kafka.common.TopicPartition(topic, pi.partition()))
                .toList());
        thread = new Thread(this::run, "observer-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = clock.millis();
                    // value: id|tierTopic
                    String[] parts = r.value().split("\\|");
                    long due = DelayHeaders.dueMillis(r.headers()).orElseThrow();
                    List<Seen> seen = byId.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>());
                    if (seen.stream().noneMatch(x -> x.partition() == r.partition() && x.offset() == r.offset())) {
                        seen.add(new Seen(
                                parts[0],
                                due,
                                r.timestamp(),
                                now,
                                parts.length > 1 ? parts[1] : "",
                                r.partition(),
                                r.offset()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    int distinct() {
        return byId.size();
    }

    long duplicates() {
        return byId.values().stream().mapToLong(l -> l.size() - 1).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
