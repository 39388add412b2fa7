package dev.sluice.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    private final KafkaClients clients = KafkaClients.forBootstrap("localhost:9092");

    @Test
    void transactionalProducersRetryQuicklyAndKeepOneRequestInFlight() {
        Map<String, Object> p = clients.transactionalProducerProps("worker-0");
        assertThat(p)
                .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "worker-0")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                // the 100 ms default backoff after a transactions-v2 refusal went into every hop's latency
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        // plain producers keep the client defaults: pipelining is safe without transactions
        assertThat(clients.producerProps())
                .doesNotContainKeys(
                        ProducerConfig.RETRY_BACKOFF_MS_CONFIG,
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }

    @Test
    void aTransactionalIdIsRequiredAndEachCallGetsItsOwnMap() {
        assertThatThrownBy(() -> clients.transactionalProducerProps(" ")).hasMessageContaining("stable");
        clients.transactionalProducerProps("a").put("x", 1);
        assertThat(clients.transactionalProducerProps("a")).doesNotContainKey("x");
    }
}
