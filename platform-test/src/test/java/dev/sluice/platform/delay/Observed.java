package dev.sluice.platform.delay;

import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.test.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a target topic with read_committed and records, per record id, every time it was seen. */
final class Observed implements AutoCloseable {
    record Seen(String id, long due, long sentAt, long observedAt, String tierTopic, int partition, long offset) {}

    final Map<String, List<Seen>> byId = new ConcurrentHashMap<>();
    private final TopicReader.Tail tail;
    private final Clock clock;

    Observed(KafkaClients clients, String topic, Clock clock) {
        this.clock = clock;
        // the reader has no group, so a broker restart can never rewind it to an older committed
        // offset and make a re-read look like a duplicate
        this.tail = TopicReader.committed(clients).tail(this::see, topic);
    }

    private void see(ConsumerRecord<byte[], byte[]> r) {
        long now = clock.millis();
        // value: id|tierTopic
        String[] parts = new String(r.value(), StandardCharsets.UTF_8).split("\\|");
        long due = DelayHeaders.dueMillis(r.headers()).orElseThrow();
        List<Seen> seen = byId.computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>());
        if (seen.stream().noneMatch(x -> x.partition() == r.partition() && x.offset() == r.offset())) {
            seen.add(new Seen(
                    parts[0], due, r.timestamp(), now, parts.length > 1 ? parts[1] : "", r.partition(), r.offset()));
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
        tail.close();
    }
}
