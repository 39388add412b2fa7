package dev.sluice.platform.test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.platform.embedded.EmbeddedKafka;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker is a real Kafka: transactions, restarts on the same data dir, replication. */
class EmbeddedKafkaITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final KafkaExtension cluster = new KafkaExtension(3);

    @Test
    void shouldStartARealBrokerThatAnswersAdminRequests() throws Exception {
        try (Admin admin = kafka.clients().admin()) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            assertThat(admin.describeCluster().clusterId().get()).isNotBlank();
        }
        assertThat(kafka.broker().isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void shouldHideAbortedTransactionsFromReadCommittedConsumers() {
        String topic = "tx.visibility";
        kafka.createTopic(topic, 1);
        KafkaClients clients = kafka.clients();

        try (KafkaProducer<byte[], byte[]> producer = clients.transactionalBytesProducer("tx-test")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record(topic, "aborted-1"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(record(topic, "committed-1"));
            producer.send(record(topic, "committed-2"));
            producer.commitTransaction();
        }

        assertThat(readAll(clients, topic, true)).containsExactly("committed-1", "committed-2");
        // proves the aborted record was really written, so the filtering above is the broker's doing
        assertThat(readAll(clients, topic, false)).containsExactly("aborted-1", "committed-1", "committed-2");
    }

    @Test
    void shouldKeepRecordsAndAddressAcrossStopAndStart(@TempDir Path dataDir) throws Exception {
        String topic = "survives.restart";
        try (EmbeddedKafka broker =
                EmbeddedKafka.builder().dataDir(dataDir).build().start()) {
            String address = broker.bootstrapServers();
            KafkaClients clients = KafkaClients.forBootstrap(address);
            try (Admin admin = clients.admin()) {
                Topics.ensure(admin, List.of(TopicSpec.of(topic, 2)));
            }
            send(clients, topic, "before-restart");

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            send(clients, topic, "after-restart");
            assertThat(readAll(clients, topic, true)).containsExactlyInAnyOrder("before-restart", "after-restart");
        }

        // a new instance on the same dir (as after a process restart) must not reformat it
        try (EmbeddedKafka again =
                EmbeddedKafka.builder().dataDir(dataDir).build().start()) {
            KafkaClients clients = KafkaClients.forBootstrap(again.bootstrapServers());
            assertThat(readAll(clients, topic, true)).containsExactlyInAnyOrder("before-restart", "after-restart");
        }
    }

    @Test
    void shouldReplicateAcrossThreeBrokersWithMinInSyncReplicasTwo() throws Exception {
        String topic = "replicated";
        KafkaClients clients = cluster.clients();
        try (Admin admin = clients.admin()) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(3);

            Topics.ensure(admin, List.of(new TopicSpec(topic, 3, (short) 3, Map.of("min.insync.replicas", "2"))));
            Topics.ensure(admin, List.of(new TopicSpec(topic, 3, (short) 3, Map.of("min.insync.replicas", "2"))));
            cluster.createTopic("replicated.by.default", 2);

            TopicDescription described =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(described.partitions())
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(admin.describeTopics(List.of(topic))
                                    .allTopicNames()
                                    .get()
                                    .get(topic)
                                    .partitions())
                            .allSatisfy(p -> assertThat(p.isr()).hasSize(3)));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get()
                            .get(resource)
                            .get("min.insync.replicas")
                            .value())
                    .isEqualTo("2");
            Collection<TopicPartitionInfo> byDefault = admin.describeTopics(List.of("replicated.by.default"))
                    .allTopicNames()
                    .get()
                    .get("replicated.by.default")
                    .partitions();
            assertThat(byDefault)
                    .allSatisfy(p -> assertThat(p.replicas())
                            .as("default.replication.factor")
                            .hasSize(3));
        }

        RecordMetadata written;
        try (KafkaProducer<byte[], byte[]> producer = clients.bytesProducer()) {
            written = producer.send(record(topic, "acked-by-all")).get();
        }
        assertThat(written.hasOffset()).isTrue();
        assertThat(readAll(clients, topic, true)).containsExactly("acked-by-all");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(UTF_8), value.getBytes(UTF_8));
    }

    private static void send(KafkaClients clients, String topic, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = clients.bytesProducer()) {
            producer.send(record(topic, value)).get();
        }
    }

    /** Reads a topic from the start up to its current end (for read_committed: the last stable offset). */
    private static List<String> readAll(KafkaClients clients, String topic, boolean readCommitted) {
        TopicReader reader = readCommitted ? TopicReader.committed(clients) : TopicReader.uncommitted(clients);
        return TopicReader.values(reader.within(TIMEOUT).toEnd(topic));
    }
}
