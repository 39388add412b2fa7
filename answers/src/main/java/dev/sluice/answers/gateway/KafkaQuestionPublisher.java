package dev.sluice.answers.gateway;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes first attempts to {@code questions.pending}, keyed by question id, with the platform's
 * idempotent acks=all producer; {@link #publish} waits for the acknowledgement, so a 202 means the
 * question is in Kafka. One producer serves every request thread (it is thread-safe and batches
 * concurrent sends). The load generator's Kafka target sends through it too ({@link #send}).
 */
public final class KafkaQuestionPublisher implements QuestionPublisher, AutoCloseable {
    private static final JsonSerde<QuestionTask> SERDE = JsonSerde.of(QuestionTask.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    /** @param timeout the longest a publish may take, including waiting for a missing broker */
    public KafkaQuestionPublisher(KafkaClients clients, String clientId, Duration timeout) {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout: must be at least 1ms, e.g. 10s, was " + timeout);
        }
        Map<String, Object> props = clients.producerProps();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        int requestTimeout = (int) Math.min(timeout.toMillis(), 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, requestTimeout + 10);
        this.producer = new KafkaProducer<>(props);
        this.timeout = timeout;
    }

    @Override
    public void publish(QuestionTask task) throws Exception {
        send(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Void> publishAsync(QuestionTask task) {
        return send(task).thenApply(metadata -> null);
    }

    /** Sends without waiting; the future completes on the acknowledgement (or the send's failure). */
    public CompletableFuture<RecordMetadata> send(QuestionTask task) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(
                            AnswersTopics.PENDING,
                            task.questionId().getBytes(StandardCharsets.UTF_8),
                            SERDE.toBytes(task)),
                    (metadata, error) -> {
                        if (error == null) {
                            acked.complete(metadata);
                        } else {
                            acked.completeExceptionally(error);
                        }
                    });
        } catch (RuntimeException e) {
            // send() itself throws when the producer cannot even queue the record (closed, max.block.ms)
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
