package dev.sluice.platform.test;

import dev.sluice.platform.embedded.EmbeddedKafka;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka cluster for one test class: started in a temporary directory before the first test and
 * stopped (and deleted) after the last. Register it in a static field:
 *
 * <pre>{@code @RegisterExtension static KafkaExtension kafka = new KafkaExtension();   // or new KafkaExtension(3)}</pre>
 *
 * Tests share the cluster, so each should use its own topic and group names.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final int brokers;
    private EmbeddedKafka broker;
    private KafkaClients clients;

    public KafkaExtension() {
        this(1);
    }

    /** @param brokers 3 or more for replication 3 and min ISR 2 by default */
    public KafkaExtension(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("KafkaExtension needs at least 1 broker, was " + brokers);
        }
        this.brokers = brokers;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // no dataDir: EmbeddedKafka makes a temporary one and deletes it on close()
        broker = EmbeddedKafka.builder().brokers(brokers).build().start();
        clients = KafkaClients.forBootstrap(broker.bootstrapServers());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (broker == null) {
            throw new IllegalStateException(
                    "KafkaExtension was not started: register it in a static field "
                            + "(@RegisterExtension static KafkaExtension kafka = new KafkaExtension()) so it runs before all tests");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            clients = null;
        }
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The running cluster, for tests that stop and start it; its address survives a restart. */
    public EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("Kafka is not started: use the extension from a test method, "
                    + "and register it with @RegisterExtension in a static field");
        }
        return broker;
    }

    public KafkaClients clients() {
        broker();
        return clients;
    }

    /** Creates the topic (idempotently) with the cluster's default replication and waits until it is ready. */
    public void createTopic(String name, int partitions) {
        createTopic(TopicSpec.of(name, partitions));
    }

    public void createTopic(TopicSpec spec) {
        try (Admin admin = clients().admin()) {
            Topics.ensure(admin, List.of(spec));
        }
    }
}
