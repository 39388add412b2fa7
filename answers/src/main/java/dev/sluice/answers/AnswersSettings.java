package dev.sluice.answers;

import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.regeneration.RegenerationSettings;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.scoring.ScoringCheckpoints;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.platform.config.ConfigException;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.config.Values;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers application's settings, read from the {@code answers.*} keys the platform keeps in
 * {@link SluiceConfig#extra()} (the mirror of {@code OrdersSettings}); unknown {@code answers.*}
 * keys are refused with the list of known ones. Every key is in docs/configuration.md.
 *
 * <pre>
 * answers.scorer               composite (default) | token_f1
 * answers.threshold            pass mark of the scorer (default: the scorer's own)
 * answers.max-attempts         answers per question before the best one is kept (default 3)
 * answers.checkpoint-dir       where the scoring job's checkpoints live (default: work-dir/flink-checkpoints)
 * answers.gateway.cache.*      policy, size, ttl of the gateway's answer cache
 * answers.retry.overload.*     backoff of overload errors; answers.retry.quota.* the quota errors' waits
 * answers.regeneration.*       near-identical stop, budget, previous answer's length and temperature of regenerations
 * </pre>
 *
 * @param partitions  partitions of every answers topic ({@code kafka.partitions})
 * @param replication replication factor of the answers topics ({@code kafka.replication-factor})
 * @param parallelism the scoring job's parallelism ({@code flink.parallelism})
 */
public record AnswersSettings(
        int partitions,
        short replication,
        int parallelism,
        ScoringJobSettings scoring,
        ScoringCheckpoints checkpoints,
        CacheSettings cache,
        RetryPolicy.Settings retry) {
    private static final Set<String> KEYS =
            Set.of("answers.scorer", "answers.threshold", "answers.max-attempts", ScoringCheckpoints.KEY);
    private static final Set<String> PREFIXES =
            Set.of("answers.gateway.cache.", "answers.retry.", RegenerationSettings.PREFIX);

    public AnswersSettings {
        Values.checkAtLeast("kafka.partitions", partitions, 1);
        Values.checkAtLeast("kafka.replication-factor", replication, 1);
        Values.checkAtLeast("flink.parallelism", parallelism, 1);
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(retry, "retry");
    }

    /** From the configuration; the scoring job reads and writes Kafka at {@code bootstrapServers}. */
    public static AnswersSettings from(SluiceConfig config, String bootstrapServers) {
        Map<String, String> extra = config.extra();
        for (String key : extra.keySet()) {
            if (key.startsWith("answers.")
                    && !KEYS.contains(key)
                    && PREFIXES.stream().noneMatch(key::startsWith)) {
                throw new ConfigException("unknown key '" + key + "'; the answers keys are " + new TreeSet<>(KEYS)
                        + " and those under " + new TreeSet<>(PREFIXES) + " (docs/configuration.md)");
            }
        }
        ScoringJobSettings scoring = ScoringJobSettings.defaults(bootstrapServers);
        String scorer = extra.get("answers.scorer");
        if (scorer != null) {
            scoring = scoring.withScorer(ScorerKind.fromKey(scorer));
        }
        String threshold = extra.get("answers.threshold");
        if (threshold != null) {
            scoring = scoring.withThreshold(Values.doubleValue("answers.threshold", threshold));
        }
        scoring = scoring.withMaxAttempts(Values.intAtLeast(
                        "answers.max-attempts",
                        extra.getOrDefault(
                                "answers.max-attempts", String.valueOf(ScoringJobSettings.DEFAULT_MAX_ATTEMPTS)),
                        1))
                .withCheckpointInterval(config.flink().checkpointInterval())
                .withRegeneration(RegenerationSettings.fromConfig(extra));
        return new AnswersSettings(
                config.kafka().partitions(),
                (short) config.kafka().replicationFactor(),
                config.flink().parallelism(),
                scoring,
                ScoringCheckpoints.under(extra.get(ScoringCheckpoints.KEY), config.workDir()),
                CacheSettings.fromConfig(extra),
                RetryPolicy.Settings.fromConfig(extra));
    }

    /** The same with other scoring settings (benchmarks compare scorers on one stack). */
    public AnswersSettings withScoring(ScoringJobSettings value) {
        return new AnswersSettings(partitions, replication, parallelism, value, checkpoints, cache, retry);
    }
}
