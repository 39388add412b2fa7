package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.test.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
        return TopicReader.committed(clients).toEnd(topic).stream()
                .map(r -> serde.parse(r.value()).value())
                .toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
