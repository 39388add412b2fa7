package dev.sluice.answers.worker;

import dev.sluice.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/** Reads topics with {@code read_committed} on a background thread and keeps every record, for assertions. */
final class TopicReader implements AutoCloseable {
    final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    TopicReader(KafkaClients clients, String group, List<String> topics) {
        consumer = clients.bytesConsumer(group, true);
        consumer.subscribe(topics);
        thread = new Thread(this::run, "topic-reader-" + group);
        thread.setDaemon(true);
        thread.start();
    }

    List<ConsumerRecord<byte[], byte[]>> from(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
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
        thread.join(10_000);
    }
}
