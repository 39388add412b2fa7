package dev.sluice.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a service declares, at start-up, idempotently: topics that exist are left as
 * they are (Kafka cannot shrink partitions, and growing them would move keys between partitions,
 * which an operator should decide), with a warning when they have fewer partitions than declared.
 */
public final class Topics {
    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final long RETRY_PAUSE_MS = 100;

    private Topics() {}

    /** {@link #ensure(Admin, Collection, Duration)} with a 60 s timeout. */
    public static void ensure(Admin admin, Collection<TopicSpec> specs) {
        ensure(admin, specs, DEFAULT_TIMEOUT);
    }

    /**
     * Creates the missing topics and returns once every declared topic is visible with a leader for
     * each partition, so producers that start next do not race topic creation.
     *
     * @throws IllegalStateException if a topic cannot be created or does not appear within the timeout
     */
    public static void ensure(Admin admin, Collection<TopicSpec> specs, Duration timeout) {
        if (specs.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, TopicSpec> byName = new LinkedHashMap<>();
        for (TopicSpec spec : specs) {
            TopicSpec previous = byName.put(spec.name(), spec);
            if (previous != null && !previous.equals(spec)) {
                throw new IllegalArgumentException("Topic '" + spec.name() + "' is declared twice, differently: "
                        + previous + " and " + spec + "; declare it once");
            }
        }
        List<NewTopic> newTopics = new ArrayList<>();
        for (TopicSpec spec : byName.values()) {
            Optional<Short> replication = spec.replicationFactor() == TopicSpec.BROKER_DEFAULT
                    ? Optional.empty()
                    : Optional.of(spec.replicationFactor());
            newTopics.add(
                    new NewTopic(spec.name(), Optional.of(spec.partitions()), replication).configs(spec.configs()));
        }
        List<String> existing = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> created :
                admin.createTopics(newTopics).values().entrySet()) {
            try {
                await(created.getValue(), deadline);
                LOG.info("Created topic {}", byName.get(created.getKey()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    existing.add(created.getKey());
                } else {
                    throw new IllegalStateException(
                            "Could not create topic " + byName.get(created.getKey()) + ": "
                                    + e.getCause().getMessage()
                                    + " (check the replication factor against the number of brokers and the topic configs)",
                            e.getCause());
                }
            }
        }
        Map<String, TopicDescription> descriptions = awaitReady(admin, byName.keySet(), deadline, timeout);
        for (String name : existing) {
            int actual = descriptions.get(name).partitions().size();
            int declared = byName.get(name).partitions();
            if (actual < declared) {
                LOG.warn(
                        "Topic {} exists with {} partitions but {} are declared: it is left as is; "
                                + "add partitions with kafka-topics --alter if keys may move between partitions",
                        name,
                        actual,
                        declared);
            }
        }
    }

    private static Map<String, TopicDescription> awaitReady(
            Admin admin, Set<String> names, long deadline, Duration timeout) {
        String lastProblem = "not described yet";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions =
                        await(admin.describeTopics(names).allTopicNames(), deadline);
                Optional<String> leaderless = descriptions.values().stream()
                        .filter(d -> d.partitions().stream()
                                .anyMatch(p -> p.leader() == null || p.leader().isEmpty()))
                        .map(TopicDescription::name)
                        .findFirst();
                if (leaderless.isEmpty()) {
                    return descriptions;
                }
                lastProblem = "topic " + leaderless.get() + " has a partition without a leader";
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "Could not describe topics " + names + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                lastProblem = e.getCause().getMessage();
            }
            pause();
        }
        throw new IllegalStateException("Topics " + names + " were not ready within " + timeout + " (" + lastProblem
                + "): check that the brokers are up and that enough of them are alive for the replication factor");
    }

    private static <T> T await(KafkaFuture<T> future, long deadline) throws ExecutionException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not answer in time while ensuring topics: is the cluster reachable?", e);
        }
    }

    /** Metadata reaches brokers asynchronously and the Admin API has no "wait for it" call, so we poll. */
    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for topics", e);
        }
    }
}
