package dev.sluice.cli.dashboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The backlog of every group on the broker, as Kafka itself knows it: for a consumer group, the
 * log-end offset minus the committed offset summed over its partitions; for a share group (the LLM
 * workers), the lag the broker reports for each share-partition. Nothing is counted twice on our
 * side: a group that has committed nothing yet shows no lag.
 */
final class ConsumerLag implements AutoCloseable {
    private static final long TIMEOUT_MS = 2_000;

    private final Admin admin;

    ConsumerLag(Map<String, Object> adminProps) {
        this.admin = Admin.create(adminProps);
    }

    /** Lag per group id, sorted by name. */
    Map<String, Long> read() throws Exception {
        Map<String, Long> lag = new TreeMap<>();
        List<String> consumers = groupIds(ListGroupsOptions.forConsumerGroups());
        Map<TopicPartition, Long> committed = new HashMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup = new HashMap<>();
        for (String group : consumers) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            byGroup.put(group, offsets);
            offsets.keySet().forEach(tp -> committed.put(tp, 0L));
        }
        Map<TopicPartition, Long> ends = endOffsets(committed.keySet());
        byGroup.forEach((group, offsets) -> {
            long sum = 0;
            for (var e : offsets.entrySet()) {
                if (e.getValue() != null && ends.containsKey(e.getKey())) {
                    sum += Math.max(0, ends.get(e.getKey()) - e.getValue().offset());
                }
            }
            lag.put(group, sum);
        });
        for (String group : groupIds(ListGroupsOptions.forShareGroups())) {
            var offsets = admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                    .partitionsToOffsetInfo(group)
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long sum = 0;
            for (var info : offsets.values()) {
                if (info != null) {
                    sum += info.lag().orElse(0L);
                }
            }
            lag.put(group, sum);
        }
        return lag;
    }

    private List<String> groupIds(ListGroupsOptions options) throws Exception {
        return admin.listGroups(options).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                .map(GroupListing::groupId)
                .toList();
    }

    private Map<TopicPartition, Long> endOffsets(java.util.Set<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
                admin.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        infos.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
