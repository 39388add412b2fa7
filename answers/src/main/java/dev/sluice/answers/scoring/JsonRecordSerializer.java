package dev.sluice.answers.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.platform.kafka.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a message as Sluice JSON to one topic, keyed by question id so every record of a question
 * shares a partition (DESIGN.md). A blank key is sent as no key (dead letters of unreadable records).
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    // Jackson is not serializable: built on the task in open()
    private transient ObjectMapper mapper;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic: required");
        }
        this.topic = topic;
        this.key = Objects.requireNonNull(key, "key: a function from the message to its question id");
    }

    /** The one topic written, which the exactly-once sink's pooled transactions need (KafkaSinks). */
    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        mapper = Json.newMapper();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        byte[] keyBytes = k == null || k.isBlank() ? null : k.getBytes(StandardCharsets.UTF_8);
        try {
            return new ProducerRecord<>(topic, null, timestamp, keyBytes, mapper.writeValueAsBytes(element));
        } catch (JsonProcessingException e) {
            // our own records always serialise; failing here is a bug, and the job should say so loudly
            throw new IllegalStateException("cannot write " + element.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
