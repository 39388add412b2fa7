package dev.sluice.answers.scoring;

import dev.sluice.answers.regeneration.RegenerationSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What the scoring job needs to know, validated up front so a bad value fails at submit time with
 * the key to fix rather than inside a running task.
 *
 * @param bootstrapServers      Kafka to read {@code answers.generated} from and write the results to
 * @param groupId               the job's consumer group (offsets live in Flink checkpoints; the group
 *                              offsets are committed on checkpoint for monitoring only)
 * @param transactionalIdPrefix prefix of the exactly-once sinks' transactional ids; each sink appends
 *                              its own suffix. Unique per job on the cluster.
 * @param scorer                which metric decides ({@code composite} by default, or {@code token_f1})
 * @param threshold             a score at or above it passes, in [0, 1]; defaults to the scorer's own
 *                              ({@link ScorerKind#defaultThreshold()}), since scales differ by metric
 * @param maxAttempts           generation attempts per question including the first, at least 1
 * @param checkpointInterval    also the floor of end-to-end latency: results become visible to
 *                              read_committed readers when the checkpoint completes
 * @param stateRetention        how long a question's state (attempts seen, decided) is kept after its
 *                              last update; a duplicate arriving later than this is not recognised
 * @param bounded               read up to the end offsets at start, then finish (tests, replays)
 * @param batchSize             attempts scored per model call at most (1 = no batching)
 * @param batchTimeout          how long the first attempt of a batch waits for the batch to fill;
 *                              the latency batching may add at low rates
 * @param regeneration          the regeneration policy: near-identical stop and budget
 *                              ({@code answers.regeneration.*})
 */
public record ScoringJobSettings(
        String bootstrapServers,
        String groupId,
        String transactionalIdPrefix,
        ScorerKind scorer,
        double threshold,
        int maxAttempts,
        Duration checkpointInterval,
        Duration stateRetention,
        boolean bounded,
        int batchSize,
        Duration batchTimeout,
        RegenerationSettings regeneration) {

    public static final String DEFAULT_GROUP = "answers.scoring";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "answers-scoring";
    public static final ScorerKind DEFAULT_SCORER = ScorerKind.COMPOSITE;
    /** The default scorer's threshold: StandardMetrics.DEFAULT_CONFIG's for the composite (token F1's own is 0.5). */
    public static final double DEFAULT_THRESHOLD = DEFAULT_SCORER.defaultThreshold();

    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /**
     * 500 ms: exactly-once results reach read_committed readers one checkpoint after they are
     * produced, and {@code sluice bench pipeline --phases checkpoints} measured p50 / p95 1,704 / 4,515 ms
     * at 2 s, 384 / 1,121 ms at 500 ms (1 s misses p95 ≤ 2 s), for 0.69-0.79 of the 2 s interval's
     * capacity (docs/benchmarks.md).
     */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMillis(500);

    public static final Duration DEFAULT_STATE_RETENTION = Duration.ofDays(7);
    /** Past about 16 answers (32 texts) a CPU batch gains little throughput but adds latency (docs/benchmarks.md). */
    public static final int DEFAULT_BATCH_SIZE = 16;

    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofMillis(20);

    public ScoringJobSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("scoring bootstrapServers: required, e.g. localhost:9092");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("scoring groupId: required, e.g. " + DEFAULT_GROUP);
        }
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException("scoring transactionalIdPrefix: required and unique per job, e.g. "
                    + DEFAULT_TRANSACTIONAL_ID_PREFIX);
        }
        Objects.requireNonNull(scorer, "scoring scorer: required, one of token_f1, composite");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("scoring threshold: must be within [0, 1], was " + threshold);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "scoring maxAttempts: must be at least 1 (the first attempt), was " + maxAttempts);
        }
        Objects.requireNonNull(checkpointInterval, "scoring checkpointInterval: required, e.g. PT2S");
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException(
                    "scoring checkpointInterval: must be at least 10 ms (Flink's minimum), was " + checkpointInterval);
        }
        Objects.requireNonNull(stateRetention, "scoring stateRetention: required, e.g. P7D");
        if (stateRetention.isNegative() || stateRetention.isZero()) {
            throw new IllegalArgumentException("scoring stateRetention: must be positive, was " + stateRetention);
        }
        if (batchSize < 1 || batchSize > 1024) {
            throw new IllegalArgumentException("scoring batchSize: must be within [1, 1024], was " + batchSize);
        }
        Objects.requireNonNull(batchTimeout, "scoring batchTimeout: required, e.g. PT0.02S");
        if (batchTimeout.isNegative() || batchTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("scoring batchTimeout: must be within [0, 10 s], was " + batchTimeout);
        }
        Objects.requireNonNull(regeneration, "scoring regeneration: required, e.g. RegenerationSettings.DEFAULTS");
    }

    /** Defaults for everything but the broker address; an unbounded job with the composite scorer. */
    public static ScoringJobSettings defaults(String bootstrapServers) {
        return new ScoringJobSettings(
                bootstrapServers,
                DEFAULT_GROUP,
                DEFAULT_TRANSACTIONAL_ID_PREFIX,
                DEFAULT_SCORER,
                DEFAULT_THRESHOLD,
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_CHECKPOINT_INTERVAL,
                DEFAULT_STATE_RETENTION,
                false,
                DEFAULT_BATCH_SIZE,
                DEFAULT_BATCH_TIMEOUT,
                RegenerationSettings.DEFAULTS);
    }

    /** Switches the scorer and resets the threshold to that scorer's default; call {@link #withThreshold} after it to override. */
    public ScoringJobSettings withScorer(ScorerKind value) {
        Objects.requireNonNull(value, "scoring scorer: one of token_f1, composite");
        return new ScoringJobSettings(
                bootstrapServers,
                groupId,
                transactionalIdPrefix,
                value,
                value.defaultThreshold(),
                maxAttempts,
                checkpointInterval,
                stateRetention,
                bounded,
                batchSize,
                batchTimeout,
                regeneration);
    }

    public ScoringJobSettings withThreshold(double value) {
        return new ScoringJobSettings(
                bootstrapServers,
                groupId,
                transactionalIdPrefix,
                scorer,
                value,
                maxAttempts,
                checkpointInterval,
                stateRetention,
                bounded,
                batchSize,
                batchTimeout,
                regeneration);
    }

    public ScoringJobSettings withMaxAttempts(int value) {
        return new ScoringJobSettings(
                bootstrapServers,
                groupId,
                transactionalIdPrefix,
                scorer,
                threshold,
                value,
                checkpointInterval,
                stateRetention,
                bounded,
                batchSize,
                batchTimeout,
                regeneration);
    }

    public ScoringJobSettings withCheckpointInterval(Duration value) {
        return new ScoringJobSettings(
                bootstrapServers,
                groupId,
                transactionalIdPrefix,
                scorer,
                threshold,
                maxAttempts,
                value,
                stateRetention,
                bounded,
                batchSize,
                batchTimeout,
                regeneration);
    }

    public ScoringJobSettings withNames(String group, String txnIdPrefix) {
        return new ScoringJobSettings(
                bootstrapServers,
                group,
                txnIdPrefix,
                scorer,
                threshold,
                maxAttempts,
                checkpointInterval,
                stateRetention,
                bounded,
                batchSize,
                batchTimeout,
                regeneration);
    }

    public ScoringJobSettings withBounded(boolean value) {
        return new ScoringJobSettings(
                bootstrapServers,
                groupId,
                transactionalIdPrefix,
                scorer,
                threshold,
                maxAttempts,
                checkpointInterval,
                stateRetention,
                value,
                batchSize,
                batchTimeout,
                regeneration);
    }

    public ScoringJobSettings withBatching(int size, Duration timeout) {
        return new ScoringJobSettings(
                bootstrapServers,
                groupId,
                transactionalIdPrefix,
                scorer,
                threshold,
                maxAttempts,
                checkpointInterval,
                stateRetention,
                bounded,
                size,
                timeout,
                regeneration);
    }

    public ScoringJobSettings withRegeneration(RegenerationSettings value) {
        return new ScoringJobSettings(
                bootstrapServers,
                groupId,
                transactionalIdPrefix,
                scorer,
                threshold,
                maxAttempts,
                checkpointInterval,
                stateRetention,
                bounded,
                batchSize,
                batchTimeout,
                value);
    }
}
