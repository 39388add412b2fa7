package dev.sluice.orders.api;

import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes new orders to {@code orders.requested} with the platform's idempotent, acks=all
 * producer, keyed by id, and waits for the acknowledgement: a 201 means the order is in Kafka.
 * One producer is shared by all request threads (KafkaProducer is thread-safe and batches them).
 */
public final class KafkaOrderPublisher implements OrderPublisher, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public KafkaOrderPublisher(KafkaClients clients, Duration timeout) {
        Map<String, Object> props = clients.producerProps();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "orders-api");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // A request must not hang on a missing broker longer than it waits for the acknowledgement.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        int requestTimeout = (int) Math.min(timeout.toMillis(), 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, requestTimeout + 1);
        this.producer = new KafkaProducer<>(props);
        this.timeout = timeout;
    }

    @Override
    public void publish(Order order) throws Exception {
        producer.send(new ProducerRecord<>(OrderTopics.REQUESTED, order.key(), OrderTopics.SERDE.toBytes(order)))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
