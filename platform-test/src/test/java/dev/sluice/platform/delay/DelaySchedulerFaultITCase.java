package dev.sluice.platform.delay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.service.ServiceHealth.State;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.platform.test.ServiceFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A scheduler whose session is killed rebuilds it from the committed offsets and keeps forwarding, once each. */
class DelaySchedulerFaultITCase {
    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    void shouldRestartAKilledSessionAndKeepForwardingExactlyOnce() throws Exception {
        DelayTiers tiers = DelayTiers.of("fault", DelayTiers.DEFAULT_BOUNDS);
        try (Admin admin = kafka.clients().admin()) {
            Topics.ensure(admin, tiers.topicSpecs(3, (short) 1));
        }
        kafka.createTopic("fault.target", 3);
        Clock clock = Clock.systemUTC();
        DelayedRecords delayed = new DelayedRecords(tiers, clock);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (Observed seen = new Observed(kafka.clients(), "fault.target", clock);
                KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer();
                DelayScheduler scheduler = new DelayScheduler(
                                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                                tiers,
                                DelayScheduler.Settings.of("fault-scheduler", "a"),
                                clock,
                                meters)
                        .start()) {
            publish(producer, delayed, "before", 20);
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.distinct() == 20);
            assertThat(scheduler.health().state()).isEqualTo(State.RUNNING);

            // records due while the session is down are forwarded by the next one
            publish(producer, delayed, "during", 20);
            ServiceFaults.killSession(scheduler);
            ServiceFaults.awaitRunning(scheduler);

            publish(producer, delayed, "after", 20);
            await().atMost(Duration.ofSeconds(60)).until(() -> seen.distinct() == 60);
            assertThat(seen.duplicates())
                    .as("nothing forwarded twice across the restart")
                    .isZero();
            assertThat(meters.get("sluice.service.restarts")
                            .tag("service", scheduler.name())
                            .functionCounter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(scheduler.health().state()).isEqualTo(State.RUNNING);
        }
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, DelayedRecords delayed, String prefix, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            ProducerRecord<byte[], byte[]> r = delayed.after(
                    "fault.target", id.getBytes(StandardCharsets.UTF_8), null, null, Duration.ofMillis(200 + 10L * i));
            producer.send(new ProducerRecord<>(
                    r.topic(), null, r.key(), (id + "|" + r.topic()).getBytes(StandardCharsets.UTF_8), r.headers()));
        }
        producer.flush();
    }
}
