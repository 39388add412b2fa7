package dev.sluice.platform.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaSinksTest {

    private static final KafkaRecordSerializationSchema<String> TO_OUT =
            KafkaRecordSerializationSchema.<String>builder()
                    .setTopic("out")
                    .setValueSerializationSchema(new SimpleStringSchema())
                    .build();

    @Test
    void buildsAnExactlyOnceSinkWithTheBrokersMaximumTimeout() {
        assertThat(KafkaSinks.exactlyOnce("localhost:9092", "out", new SimpleStringSchema(), "job-out"))
                .isNotNull();
    }

    @Test
    void rejectsATransactionTimeoutAboveTheBrokerCap() {
        assertThatThrownBy(() -> KafkaSinks.exactlyOnce("localhost:9092", TO_OUT, "job-out", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transaction.max.timeout.ms")
                .hasMessageContaining("PT1H");
    }

    @Test
    void rejectsAZeroTransactionTimeout() {
        assertThatThrownBy(() -> KafkaSinks.exactlyOnce("localhost:9092", TO_OUT, "job-out", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactionTimeout");
    }

    @Test
    void requiresATransactionalIdPrefix() {
        assertThatThrownBy(() -> KafkaSinks.exactlyOnce("localhost:9092", "out", new SimpleStringSchema(), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactional id prefix");
    }

    @Test
    void requiresASerializerThatNamesItsTopicsForThePooledTransactions() {
        KafkaRecordSerializationSchema<String> anonymous =
                (element, context, timestamp) -> new ProducerRecord<>("out", element.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> KafkaSinks.exactlyOnce("localhost:9092", anonymous, "job-out", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job-out")
                .hasMessageContaining("KafkaDatasetFacetProvider");
    }

    @Test
    void requiresBootstrapServers() {
        assertThatThrownBy(() -> KafkaSinks.exactlyOnce("", "out", new SimpleStringSchema(), "job-out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers");
    }

    @Test
    void boundedSourceIsBoundedAndReadsCommittedOnly() {
        KafkaSource<String> source =
                KafkaSources.boundedFromEarliest("localhost:9092", "g", new SimpleStringSchema(), "in");

        assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(KafkaSources.readCommitted("localhost:9092", "g", new SimpleStringSchema(), "in")
                        .build()
                        .getBoundedness())
                .isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    }

    @Test
    void sourceNeedsATopic() {
        assertThatThrownBy(() -> KafkaSources.readCommitted("localhost:9092", "g", new SimpleStringSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
    }
}
