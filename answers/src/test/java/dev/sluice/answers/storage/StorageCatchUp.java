package dev.sluice.answers.storage;

import static org.awaitility.Awaitility.await;

import dev.sluice.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a storage consumer group has committed every record of every topic it reads, so a
 * test can compare the database before and after a replay. Every storage topic must exist, and
 * the records must come from a non-transactional producer (a commit marker would sit past the last
 * committed offset).
 */
public final class StorageCatchUp {
    private StorageCatchUp() {}

    public static void awaitCaughtUp(KafkaClients clients, String group) {
        try (Admin admin = clients.admin()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = committed.isEmpty()
                        ? Map.of()
                        : admin.describeTopics(StorageService.topics()).allTopicNames().get().values().stream()
                                .flatMap(d ->
                                        d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                if (latest.isEmpty()) {
                    return false;
                }
                return admin.listOffsets(latest).all().get().entrySet().stream()
                        .allMatch(e -> e.getValue().offset() == 0
                                || (committed.containsKey(e.getKey())
                                        && committed.get(e.getKey()).offset()
                                                >= e.getValue().offset()));
            });
        }
    }
}
