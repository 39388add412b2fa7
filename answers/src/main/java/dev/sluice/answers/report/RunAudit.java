package dev.sluice.answers.report;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.platform.delay.DelayHeaders;
import dev.sluice.platform.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the topics say about one run (records keyed {@code <run>-...}), read from the start with
 * read_committed, as a downstream consumer would see them: results per question on
 * {@code answers.validated} (more than one is a duplicate), scores per (question, attempt) on
 * {@code answers.scored} (more than one means an attempt was scored again: the scoring job lost
 * its state or rewound its input), records written to each retry class, and retries the scheduler
 * delivered to {@code questions.pending} before their due time.
 */
public record RunAudit(
        long duplicates,
        long validatedRecords,
        long retriesOverload,
        long retriesQuota,
        long retriesEarly,
        long retriesForwarded,
        long scoredTwice) {

    public static RunAudit read(KafkaClients clients, String run) {
        String prefix = run + "-";
        Map<String, Integer> perQuestion = new HashMap<>();
        Map<String, Integer> perAttempt = new HashMap<>();
        long[] retries = new long[2];
        long[] forwarded = new long[2];
        List<String> overload = AnswersTopics.OVERLOAD_RETRY.topics();
        List<String> quota = AnswersTopics.QUOTA_RETRY.topics();
        List<String> topics =
                new ArrayList<>(List.of(AnswersTopics.VALIDATED, AnswersTopics.SCORED, AnswersTopics.PENDING));
        topics.addAll(overload);
        topics.addAll(quota);
        scan(clients, "audit-" + run, topics, r -> {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            if (!key.startsWith(prefix)) {
                return;
            }
            if (r.topic().equals(AnswersTopics.VALIDATED)) {
                perQuestion.merge(key, 1, Integer::sum);
            } else if (r.topic().equals(AnswersTopics.SCORED)) {
                perAttempt.merge(key + "#" + attempt(r.value()), 1, Integer::sum);
            } else if (r.topic().equals(AnswersTopics.PENDING)) {
                OptionalLong due = DelayHeaders.dueMillis(r.headers());
                if (due.isPresent()) { // forwarded by a delay scheduler
                    forwarded[0]++;
                    if (r.timestamp() < due.getAsLong()) {
                        forwarded[1]++;
                    }
                }
            } else if (overload.contains(r.topic())) {
                retries[0]++;
            } else {
                retries[1]++;
            }
        });
        long duplicates = perQuestion.values().stream().mapToLong(n -> n - 1).sum();
        long validated =
                perQuestion.values().stream().mapToLong(Integer::longValue).sum();
        long scoredTwice = perAttempt.values().stream().mapToLong(n -> n - 1).sum();
        return new RunAudit(duplicates, validated, retries[0], retries[1], forwarded[1], forwarded[0], scoredTwice);
    }

    private static int attempt(byte[] scored) {
        try {
            return dev.sluice.platform.kafka.Json.mapper()
                    .readTree(scored)
                    .path("attempt")
                    .asInt(-1);
        } catch (java.io.IOException e) {
            return -1; // unreadable: counted under one key, as the scoring job's own output never is
        }
    }

    /** Reads every partition of {@code topics} from the beginning up to the end offsets taken at the start. */
    static void scan(
            KafkaClients clients, String group, List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> props = clients.consumerProps(group, true);
        props.put("max.poll.records", 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics + " to their end offsets within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
            }
        }
    }
}
