package dev.sluice.answers.scoring;

import static org.awaitility.Awaitility.await;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Test I/O for the scoring job: write generated answers, read what read_committed consumers see. */
final class CommittedTopics {
    private CommittedTopics() {}

    static void send(KafkaProducer<byte[], byte[]> producer, GeneratedAnswer answer) throws Exception {
        producer.send(new ProducerRecord<>(
                        AnswersTopics.GENERATED,
                        bytes(answer.questionId()),
                        JsonSerde.of(GeneratedAnswer.class).toBytes(answer)))
                .get();
    }

    static void sendRaw(KafkaProducer<byte[], byte[]> producer, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(AnswersTopics.GENERATED, bytes(key), bytes(value)))
                .get();
    }

    /** Everything a read_committed consumer sees in the topic now, up to its last stable offset. */
    static <T> List<T> read(KafkaClients clients, String topic, Class<T> type) {
        JsonSerde<T> serde = JsonSerde.of(type);
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.bytesConsumer("scoring-test-reader", true)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(serde.parse(r.value()).value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return values;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
