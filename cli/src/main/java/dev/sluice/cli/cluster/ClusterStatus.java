package dev.sluice.cli.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** What Kafka says about the cluster's consumers: lag per group (end offset minus committed offset). */
final class ClusterStatus {
    private ClusterStatus() {}

    /** Lag summed over each group's partitions; empty when Kafka does not answer within a few seconds. */
    @SuppressWarnings("deprecation")
    static Map<String, Long> lagPerGroup(ClusterLayout layout) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", layout.bootstrapServers());
        props.put("request.timeout.ms", 5000);
        props.put("default.api.timeout.ms", 8000);
        Map<String, Long> lag = new TreeMap<>();
        try (Admin admin = Admin.create(props)) {
            List<String> groups = admin.listConsumerGroups().all().get(8, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId)
                    .toList();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(8, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                                latest,
                                new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get(8, TimeUnit.SECONDS);
                long sum = 0;
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null && ends.containsKey(e.getKey())) {
                        sum += Math.max(
                                0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
                lag.put(group, sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return lag;
    }
}
