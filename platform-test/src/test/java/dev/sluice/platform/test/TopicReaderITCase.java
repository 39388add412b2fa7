package dev.sluice.platform.test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicReaderITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    final Closer closer = new Closer();

    @Test
    void shouldReadEveryPartitionToTheEndSkippingAbortedRecordsWhenReadCommitted() {
        kafka.createTopic("reader.tx", 2);
        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().transactionalBytesProducer("reader-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record("reader.tx", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(record("reader.tx", "committed-" + i));
            }
            producer.commitTransaction();
        }

        assertThat(TopicReader.values(TopicReader.committed(kafka.clients()).toEnd("reader.tx")))
                .hasSize(10)
                .allMatch(v -> v.startsWith("committed-"));
        assertThat(TopicReader.values(TopicReader.uncommitted(kafka.clients()).toEnd("reader.tx")))
                .hasSize(11)
                .contains("aborted");
        kafka.createTopic("reader.empty", 1);
        assertThat(TopicReader.committed(kafka.clients()).toEnd("reader.empty")).isEmpty();
    }

    @Test
    void shouldWaitForRecordsStillToComeAndFailWithWhatItGotAfterTheTimeout() throws Exception {
        kafka.createTopic("reader.later", 3);
        KafkaProducer<byte[], byte[]> producer = closer.closing(kafka.clients().bytesProducer());
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                producer.send(record("reader.later", "r" + i));
            }
            producer.flush();
        });
        writer.start();

        assertThat(TopicReader.committed(kafka.clients()).atLeast(5, "reader.later"))
                .hasSize(5);
        writer.join();
        assertThatThrownBy(() -> TopicReader.committed(kafka.clients())
                        .within(Duration.ofSeconds(2))
                        .atLeast(6, "reader.later"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("5 of at least 6 records");
        assertThatThrownBy(() -> TopicReader.committed(kafka.clients()).toEnd("reader.missing"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldTailTopicsOnABackgroundThread() throws Exception {
        kafka.createTopic("reader.tail.a", 2);
        kafka.createTopic("reader.tail.b", 1);
        List<String> seen = new ArrayList<>();
        TopicReader.Tail tail = closer.closing(TopicReader.committed(kafka.clients())
                .tail(r -> seen.add(new String(r.value(), UTF_8)), "reader.tail.a", "reader.tail.b"));
        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            producer.send(record("reader.tail.a", "a1"));
            producer.send(record("reader.tail.b", "b1"));
            producer.send(record("reader.tail.a", "a2"));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> tail.size() == 3);
        assertThat(TopicReader.values(tail.from("reader.tail.a"))).containsExactlyInAnyOrder("a1", "a2");
        assertThat(TopicReader.values(tail.from("reader.tail.b"))).containsExactly("b1");
        assertThat(seen).containsExactlyInAnyOrder("a1", "a2", "b1");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(UTF_8), value.getBytes(UTF_8));
    }
}
