package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.StopReason;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.answers.regeneration.RegenerationPolicy;
import dev.sluice.answers.regeneration.RegenerationSettings;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.scoring.Scorer;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The feedback loop's decision, per question (keyed by question id): score each new attempt, emit
 * it as a {@link ScoredAttempt}, then, in this order: validate it (score at or above the threshold,
 * {@link StopReason#PASSED}); stop with the best attempt so far if this regeneration repeats the
 * answer before it ({@link RegenerationSettings#repeats}, {@link StopReason#NEAR_IDENTICAL}); ask for
 * another attempt while attempts are left (a {@link RegenerationRequest}, which
 * {@link RegenerationBudget} grants as a {@link QuestionTask} to {@code questions.pending} or refuses
 * with {@link StopReason#BUDGET_SPENT}); or validate the best attempt so far once the cap is reached
 * ({@link StopReason#MAX_ATTEMPTS}). Every end but the first keeps the best attempt, {@code passed = false}.
 *
 * <p>Keyed state makes it idempotent: an attempt number already seen, or any attempt of a question
 * already decided, is dropped, so redeliveries after a worker crash neither double a score nor
 * start a second regeneration. Processing time comes from Flink's timer service, so tests set it.
 *
 * <p><b>Batching</b>, for model-backed scorers: attempts are buffered (across keys) and scored in
 * one {@link BatchScorer#scoreAll} call when {@code batchSize} are waiting or {@code batchTimeout}
 * after the first, whichever comes first. Under load the batch fills while the previous one is being
 * scored; at low rates the timeout bounds the wait. Why a custom operator rather than a
 * {@code KeyedProcessFunction} or {@code AsyncDataStream}: a batch spans many questions, and after
 * scoring each result must be decided against <em>its</em> question's keyed state (progress, the
 * reference's embedding), which only an operator that can set the current key may do; async I/O has
 * no keyed state, and on a CPU-bound model another thread would only compete for the same cores.
 * The buffer is not state: it is flushed before every checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}) and at end of input, so a checkpoint never holds a half-scored
 * batch and exactly-once is unchanged. (Flink's own mini-batch operators in the Table runtime do the same.)
 *
 * <p>The reference's embeddings ({@link ReferenceVectors}) stay in keyed state until the question
 * is decided, so a regeneration costs one inference (the candidate), not two.
 */
public final class AttemptDecider extends AbstractStreamOperator<ScoredAttempt>
        implements OneInputStreamOperator<ReceivedAnswer, ScoredAttempt> {
    private static final long serialVersionUID = 2L;

    public static final OutputTag<ValidatedAnswer> VALIDATED =
            new OutputTag<>("validated", TypeInformation.of(ValidatedAnswer.class));
    /** Asks for the next attempt; {@link RegenerationBudget} grants it or stores the best so far. */
    public static final OutputTag<RegenerationRequest> REGENERATE =
            new OutputTag<>("regenerate", TypeInformation.of(RegenerationRequest.class));

    private final BatchScorer scorer;
    private final Duration stateRetention;
    private final int batchSize;
    private final long batchTimeoutMs;
    private final RegenerationPolicy policy;

    private transient ValueState<Progress> progress;
    private transient MapState<Integer, Boolean> seen;
    private transient ValueState<ReferenceVectors> referenceVectors;
    private transient JsonSerde<GeneratedAnswer> serde;
    private transient Counter duplicates;
    private transient Counter afterDecision;
    private transient Counter batches;
    private transient Counter nearIdentical;
    private transient List<Pending> buffer;
    private transient ScheduledFuture<?> flushTimer;

    public AttemptDecider(
            BatchScorer scorer,
            double threshold,
            int maxAttempts,
            Duration stateRetention,
            int batchSize,
            Duration batchTimeout) {
        this(scorer, threshold, maxAttempts, stateRetention, batchSize, batchTimeout, RegenerationSettings.DEFAULTS);
    }

    /** @param regeneration when a regeneration that repeats the answer before it ends the loop */
    public AttemptDecider(
            BatchScorer scorer,
            double threshold,
            int maxAttempts,
            Duration stateRetention,
            int batchSize,
            Duration batchTimeout,
            RegenerationSettings regeneration) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold: must be within [0, 1], was " + threshold);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: must be at least 1, was " + batchSize);
        }
        this.policy =
                new RegenerationPolicy(threshold, maxAttempts, Objects.requireNonNull(regeneration, "regeneration"));
        this.stateRetention = Objects.requireNonNull(stateRetention, "stateRetention");
        this.batchTimeoutMs =
                Objects.requireNonNull(batchTimeout, "batchTimeout").toMillis();
        this.batchSize = batchSize;
    }

    /** Unbatched: each attempt is scored as it arrives (a pair-at-a-time scorer gains nothing from batches). */
    public <S extends Scorer & Serializable> AttemptDecider(
            S scorer, double threshold, int maxAttempts, Duration stateRetention) {
        this(BatchScorer.pairwise(scorer), threshold, maxAttempts, stateRetention, 1, Duration.ZERO);
    }

    /** With the settings' batching if the scorer gains from it; otherwise each attempt is scored as it arrives. */
    public static AttemptDecider of(BatchScorer scorer, ScoringJobSettings settings) {
        return scorer.batches()
                ? new AttemptDecider(
                        scorer,
                        settings.threshold(),
                        settings.maxAttempts(),
                        settings.stateRetention(),
                        settings.batchSize(),
                        settings.batchTimeout(),
                        settings.regeneration())
                : new AttemptDecider(
                        scorer,
                        settings.threshold(),
                        settings.maxAttempts(),
                        settings.stateRetention(),
                        1,
                        Duration.ZERO,
                        settings.regeneration());
    }

    @Override
    public void open() throws Exception {
        super.open();
        // a question's state lives until its last write plus the retention, so finished questions do not pile up
        StateTtlConfig ttl = StateTtlConfig.newBuilder(stateRetention)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build();
        ValueStateDescriptor<Progress> progressDescriptor =
                new ValueStateDescriptor<>("progress", TypeInformation.of(Progress.class));
        progressDescriptor.enableTimeToLive(ttl);
        MapStateDescriptor<Integer, Boolean> seenDescriptor =
                new MapStateDescriptor<>("attempts-seen", Types.INT, Types.BOOLEAN);
        seenDescriptor.enableTimeToLive(ttl);
        ValueStateDescriptor<ReferenceVectors> vectorsDescriptor =
                new ValueStateDescriptor<>("reference-vectors", TypeInformation.of(ReferenceVectors.class));
        vectorsDescriptor.enableTimeToLive(ttl);
        progress = getPartitionedState(progressDescriptor);
        seen = getPartitionedState(seenDescriptor);
        referenceVectors = getPartitionedState(vectorsDescriptor);
        serde = JsonSerde.of(GeneratedAnswer.class);
        duplicates = getMetricGroup().counter("duplicateAttempts");
        afterDecision = getMetricGroup().counter("attemptsAfterDecision");
        batches = getMetricGroup().counter("scoringBatches");
        nearIdentical = getMetricGroup().counter("nearIdenticalStops");
        buffer = new ArrayList<>(batchSize);
        // models load here, once per task, never on the client and never per record
        scorer.open(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    public void processElement(StreamRecord<ReceivedAnswer> element) throws Exception {
        ReceivedAnswer received = element.getValue();
        Progress current = progress.value();
        if (current != null && current.decided()) {
            afterDecision.inc();
            return;
        }
        int attempt = received.answer().attempt();
        if (seen.contains(attempt)) {
            duplicates.inc();
            return;
        }
        // marked now, not after scoring, so a duplicate arriving while this one waits in the batch is dropped too
        seen.put(attempt, true);
        buffer.add(new Pending(received, element.hasTimestamp(), element.getTimestamp()));
        if (buffer.size() >= batchSize) {
            flush();
        } else if (flushTimer == null) {
            long due = getProcessingTimeService().getCurrentProcessingTime() + batchTimeoutMs;
            flushTimer = getProcessingTimeService().registerTimer(due, time -> {
                flushTimer = null;
                flush();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (flushTimer != null) {
                flushTimer.cancel(false);
            }
            scorer.close();
        } finally {
            super.close();
        }
    }

    /** Scores every buffered attempt in one call, then decides each against its own question's state. */
    private void flush() throws Exception {
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        if (buffer.isEmpty()) {
            return;
        }
        List<Pending> batch = buffer;
        buffer = new ArrayList<>(batchSize);
        List<BatchScorer.Request> requests = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            setCurrentKey(p.received.questionId());
            GeneratedAnswer a = p.received.answer();
            requests.add(new BatchScorer.Request(a.bestAnswer(), referenceVectors.value(), a.answer()));
        }
        List<BatchScorer.Outcome> outcomes = scoreIsolatingFailures(requests);
        batches.inc();
        Instant now = Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime());
        for (int i = 0; i < batch.size(); i++) {
            setCurrentKey(batch.get(i).received.questionId());
            decide(batch.get(i), outcomes.get(i), now);
        }
    }

    /** One call for the batch; if it throws, one call per attempt, so only the attempt at fault is dead-lettered. */
    private List<BatchScorer.Outcome> scoreIsolatingFailures(List<BatchScorer.Request> requests) {
        try {
            return checkedSize(scorer.scoreAll(requests), requests.size());
        } catch (RuntimeException batchFailure) {
            if (requests.size() == 1) {
                return List.of(BatchScorer.Outcome.failed(batchFailure));
            }
            List<BatchScorer.Outcome> out = new ArrayList<>(requests.size());
            for (BatchScorer.Request r : requests) {
                try {
                    out.add(checkedSize(scorer.scoreAll(List.of(r)), 1).get(0));
                } catch (RuntimeException e) {
                    out.add(BatchScorer.Outcome.failed(e));
                }
            }
            return out;
        }
    }

    private List<BatchScorer.Outcome> checkedSize(List<BatchScorer.Outcome> outcomes, int expected) {
        if (outcomes.size() != expected) {
            throw new IllegalStateException(
                    "scorer " + scorer.name() + " returned " + outcomes.size() + " scores for " + expected + " pairs");
        }
        return outcomes;
    }

    private void decide(Pending pending, BatchScorer.Outcome outcome, Instant now) throws Exception {
        GeneratedAnswer answer = pending.received.answer();
        Progress current = progress.value() == null ? Progress.start() : progress.value();
        if (current.decided()) {
            // an earlier attempt of the same question in this batch decided it
            afterDecision.inc();
            return;
        }
        double score;
        try {
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            score = checked(outcome.score());
        } catch (RuntimeException e) {
            String payload = new String(serde.toBytes(answer), StandardCharsets.UTF_8);
            output.collect(
                    DeadLetters.TAG, new StreamRecord<>(DeadLetters.scoringFailed(pending.received, payload, e, now)));
            decide(current);
            return;
        }
        if (outcome.reference() != null) {
            referenceVectors.update(outcome.reference());
        }
        output.collect(pending.with(new ScoredAttempt(
                answer.questionId(),
                answer.attempt(),
                score,
                scorer.name(),
                answer.answer(),
                answer.model(),
                answer.latencyMs(),
                answer.overloadRetries(),
                answer.quotaRetries(),
                answer.generatedAt(),
                now)));

        Progress next = current.scored(answer, score);
        Optional<StopReason> stop = policy.stop(answer.attempt(), score, answer.previousAnswer(), answer.answer());
        if (stop.isEmpty()) {
            // the budget gate downstream grants the next attempt, or stores the best so far; either way
            // no further attempt of this question arrives here unless it was granted
            output.collect(
                    REGENERATE,
                    pending.with(new RegenerationRequest(
                            answer.nextAttempt(), best(answer, next, now, StopReason.BUDGET_SPENT))));
            progress.update(next);
            return;
        }
        if (stop.get() == StopReason.PASSED) {
            output.collect(
                    VALIDATED,
                    pending.with(validated(
                            answer,
                            answer.attempt(),
                            score,
                            answer.answer(),
                            answer.model(),
                            next.attempts(),
                            true,
                            now,
                            StopReason.PASSED)));
        } else {
            if (stop.get() == StopReason.NEAR_IDENTICAL) {
                // asking again would most likely buy the same answer again: keep the best, stop paying
                nearIdentical.inc();
            }
            output.collect(VALIDATED, pending.with(best(answer, next, now, stop.get())));
        }
        decide(next);
    }

    /** The best attempt so far as the question's result, {@code passed = false}, for {@code reason}. */
    private static ValidatedAnswer best(GeneratedAnswer answer, Progress next, Instant now, StopReason reason) {
        return validated(
                answer,
                next.bestAttempt(),
                next.bestScore(),
                next.bestAnswer(),
                next.bestModel(),
                next.attempts(),
                false,
                now,
                reason);
    }

    private void decide(Progress last) throws Exception {
        progress.update(last.markDecided());
        // the decided marker alone drops every later attempt, so the per-attempt set and the
        // reference's embedding are no longer needed
        seen.clear();
        referenceVectors.clear();
    }

    private double checked(double score) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalStateException("scorer " + scorer.name() + " returned " + score + ", outside [0, 1]");
        }
        return score;
    }

    private static ValidatedAnswer validated(
            GeneratedAnswer question,
            int bestAttempt,
            double score,
            String answer,
            String model,
            int attempts,
            boolean passed,
            Instant now,
            StopReason reason) {
        return new ValidatedAnswer(
                question.questionId(),
                question.title(),
                question.content(),
                question.bestAnswer(),
                answer,
                score,
                bestAttempt,
                attempts,
                passed,
                model,
                question.submittedAt(),
                now,
                reason.key());
    }

    /** An attempt waiting for its batch, with its record timestamp, which its outputs keep. */
    private record Pending(ReceivedAnswer received, boolean hasTimestamp, long timestamp) {
        <T> StreamRecord<T> with(T value) {
            return hasTimestamp ? new StreamRecord<>(value, timestamp) : new StreamRecord<>(value);
        }
    }
}
