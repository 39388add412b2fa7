package dev.sluice.cli.report;

import dev.sluice.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches topics as a downstream {@code read_committed} reader and notes, for every record, the
 * wall-clock time it first became visible: for a transactional producer (the workers, the delay
 * schedulers, the scoring job's exactly-once sinks) that is when its transaction committed, which
 * no record carries. No consumer group: it reads every partition from the start and commits
 * nothing, so it changes nothing for the pipeline's own consumers. A short fetch wait keeps the
 * note close to the commit (a few ms on an idle machine; more when the CPUs are busy).
 */
final class TopicWatch implements AutoCloseable {
    /** One record and when it became visible (epoch ms). */
    record Seen(ConsumerRecord<byte[], byte[]> record, long visibleAt) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    TopicWatch(KafkaClients clients, List<String> topics) {
        Map<String, Object> props = clients.consumerProps("sluice-time-breakdown-watch", true);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::loop, "time-breakdown-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    seen.add(new Seen(r, now));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Everything seen so far; throws if the reader failed, so a broken watch never passes for a quiet one. */
    List<Seen> seen() {
        if (failure != null) {
            throw new IllegalStateException("the topic watch failed: " + failure, failure);
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
