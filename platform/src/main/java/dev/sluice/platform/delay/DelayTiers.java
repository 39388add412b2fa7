package dev.sluice.platform.delay;

import dev.sluice.platform.kafka.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The set of delay tiers: one Kafka topic per delay range, chosen by a record's delay at publish
 * time.
 *
 * <p>Why tiers: Kafka has no delayed delivery, and a consumer that forwards a partition in order
 * must wait for the head record. Putting delays of similar size in the same topic bounds how long
 * a short delay can wait behind a long one (the tier's granularity) while keeping in-order
 * forwarding, which is what makes exactly-once forwarding with Kafka transactions possible.
 * Default bounds are roughly geometric (x2 to x3), so the hold-back is below the delay itself.
 * Delays above the last bound go to the last tier; add tiers if you use such delays a lot.
 */
public final class DelayTiers {
    public static final List<Duration> DEFAULT_BOUNDS = List.of(
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1));
    public static final String DEFAULT_PREFIX = "sluice.delay";

    private final String prefix;
    private final List<DelayTier> tiers;

    private DelayTiers(String prefix, List<DelayTier> tiers) {
        this.prefix = prefix;
        this.tiers = List.copyOf(tiers);
    }

    public static DelayTiers defaults() {
        return of(DEFAULT_PREFIX, DEFAULT_BOUNDS);
    }

    /** Tiers with the given strictly increasing upper bounds; topics are named {@code prefix.label}. */
    public static DelayTiers of(String prefix, List<Duration> upperBounds) {
        if (prefix == null || prefix.isBlank() || !prefix.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "delay topic prefix '" + prefix + "' must be a legal Kafka topic name part [a-zA-Z0-9._-]");
        }
        if (upperBounds == null || upperBounds.isEmpty()) {
            throw new IllegalArgumentException("delay tiers: give at least one upper bound, e.g. 1s,10s,1m");
        }
        List<DelayTier> tiers = new ArrayList<>();
        Duration lower = Duration.ZERO;
        for (Duration upper : upperBounds) {
            if (upper.compareTo(lower) <= 0) {
                throw new IllegalArgumentException(
                        "delay tiers must be strictly increasing and positive: " + upperBounds);
            }
            String label = label(upper);
            tiers.add(new DelayTier(label, prefix + "." + label, lower, upper));
            lower = upper;
        }
        return new DelayTiers(prefix, tiers);
    }

    /** The tier for a delay: the first whose upper bound is at least the delay (the last one for longer delays). */
    public DelayTier tierFor(Duration delay) {
        for (DelayTier tier : tiers) {
            if (delay.compareTo(tier.upperBound()) <= 0) {
                return tier;
            }
        }
        return tiers.get(tiers.size() - 1);
    }

    public Optional<DelayTier> byTopic(String topic) {
        return tiers.stream().filter(t -> t.topic().equals(topic)).findFirst();
    }

    public List<DelayTier> tiers() {
        return tiers;
    }

    public List<String> topics() {
        return tiers.stream().map(DelayTier::topic).toList();
    }

    public String prefix() {
        return prefix;
    }

    /** Topic declarations for every tier plus the scheduler's dead-letter topic. */
    public List<TopicSpec> topicSpecs(int partitions, short replicationFactor) {
        List<TopicSpec> specs = new ArrayList<>();
        for (DelayTier tier : tiers) {
            // Retention must outlive the longest delay in the tier by a wide margin, or a record could be
            // deleted before it is due; 7 days covers the last tier and a long outage.
            specs.add(new TopicSpec(
                    tier.topic(),
                    partitions,
                    replicationFactor,
                    Map.of("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()))));
        }
        specs.add(new TopicSpec(deadLetterTopic(), 1, replicationFactor, Map.of()));
        return specs;
    }

    /** Where records that cannot be scheduled (no target or due header) go, with the reason. */
    public String deadLetterTopic() {
        return prefix + ".dlq";
    }

    static String label(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    @Override
    public String toString() {
        return "DelayTiers" + tiers.stream().map(DelayTier::label).toList();
    }
}
