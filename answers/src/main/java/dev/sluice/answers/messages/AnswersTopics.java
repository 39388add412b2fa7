package dev.sluice.answers.messages;

import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.kafka.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers pipeline's topics, declared once (DESIGN.md topic table). All keyed by question id.
 *
 * <p>The two retry classes get their own delay tiers on the platform's delay mechanism, so each
 * has its own topics and its own scheduler group: overload backoffs are short and jittered
 * (sub-second to a minute), quota waits follow the server's window (seconds to an hour).
 */
public final class AnswersTopics {
    public static final String PENDING = "questions.pending";
    public static final String GENERATED = "answers.generated";
    public static final String VALIDATED = "answers.validated";
    public static final String SCORED = "answers.scored";
    public static final String DLQ = "questions.dlq";

    public static final DelayTiers OVERLOAD_RETRY = DelayTiers.of(
            "questions.retry.overload",
            List.of(
                    Duration.ofMillis(250),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(2)));
    public static final DelayTiers QUOTA_RETRY = DelayTiers.of(
            "questions.retry.quota",
            List.of(
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(15),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(10),
                    Duration.ofHours(1)));

    private AnswersTopics() {}

    /**
     * Every topic with its partition count. Workers and the scoring job scale up to the partition
     * count of what they read; 6 lets a laptop run several workers and a cluster grow without
     * repartitioning (which would move a question's attempts between partitions).
     */
    public static List<TopicSpec> all(int partitions, short replicationFactor) {
        List<TopicSpec> specs = new ArrayList<>();
        for (String t : List.of(PENDING, GENERATED, VALIDATED, SCORED)) {
            specs.add(new TopicSpec(t, partitions, replicationFactor, java.util.Map.of()));
        }
        specs.add(new TopicSpec(DLQ, 1, replicationFactor, java.util.Map.of()));
        specs.addAll(OVERLOAD_RETRY.topicSpecs(partitions, replicationFactor));
        specs.addAll(QUOTA_RETRY.topicSpecs(partitions, replicationFactor));
        return specs;
    }
}
