package dev.sluice.answers.analysis.sync;

import dev.sluice.answers.gateway.QuestionRequest;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.llm.LlmRequest;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.StopReason;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.answers.regeneration.RegenerationPolicy;
import dev.sluice.answers.retry.RetryDecision;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.answers.scoring.BatchScorer;
import dev.sluice.answers.storage.AnswersStore;
import dev.sluice.answers.storage.StorageBatch;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first-generation answers system, kept only as the baseline of the sync-vs-async experiment:
 * one request does everything in its own thread. It calls the LLM, retries overload and quota
 * errors in-line with the pipeline's own {@link RetryPolicy} (the same backoff, the same budgets,
 * slept here instead of parked in a delay topic), scores with the scoring job's {@link BatchScorer},
 * regenerates with the job's {@link RegenerationPolicy}, and writes the result with the storage
 * service's {@link AnswersStore} upsert, then answers. Nothing of the pipeline (Kafka, Flink, the
 * gateway) is used or changed.
 *
 * <p>What it leaves out on purpose, as such systems do: no queue (a request that finds the LLM busy
 * holds its thread while it backs off), no dead-letter topic (a question that runs out of retries is
 * an error for its caller, and nothing is stored), no regeneration budget across questions, and no
 * de-duplication of a question asked twice at once. A deadline bounds each request: a retry that
 * would end after it is not slept, and the caller gets a 504 instead of waiting longer.
 */
public final class SyncAnswerService {
    /** Waits out a retry delay in the request's thread; tests advance a clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;

        Sleeper REAL = delay -> Thread.sleep(delay.toMillis());
    }

    /** A question that got no answer: the HTTP status to answer with, and why. */
    public static final class Failure extends RuntimeException {
        private final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final LlmClient llm;
    private final BatchScorer scorer;
    private final RegenerationPolicy regeneration;
    private final RetryPolicy.Settings retry;
    private final AnswersStore store;
    private final Duration deadline;
    private final Clock clock;
    private final Sleeper sleeper;
    private final long seed;
    private final AtomicLong llmCalls = new AtomicLong();

    /**
     * @param scorer already {@link BatchScorer#open opened}; calls to it are serialised (a model-backed
     *     scorer is not thread-safe)
     * @param deadline longest a request may take, retries included
     */
    public SyncAnswerService(
            LlmClient llm,
            BatchScorer scorer,
            RegenerationPolicy regeneration,
            RetryPolicy.Settings retry,
            AnswersStore store,
            Duration deadline,
            Clock clock,
            Sleeper sleeper,
            long seed) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.regeneration = Objects.requireNonNull(regeneration, "regeneration");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.store = Objects.requireNonNull(store, "store");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline: must be positive, e.g. 30s, was " + deadline);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.seed = seed;
    }

    /** LLM calls made so far, retries and regenerations included. */
    public long llmCalls() {
        return llmCalls.get();
    }

    /**
     * Answers, scores and stores one question before returning.
     *
     * @throws Failure when the LLM gave no usable answer within the retry budget or the deadline
     */
    public ValidatedAnswer answer(QuestionRequest q) throws InterruptedException {
        Instant submitted = clock.instant();
        Instant until = submitted.plus(deadline);
        // one policy per request: RetryPolicy is not thread-safe, and the seed keeps runs repeatable
        RetryPolicy policy = new RetryPolicy(retry, clock, new Random(seed ^ q.id().hashCode()));
        QuestionTask task = QuestionTask.first(q.id(), q.title(), q.content(), q.bestAnswer(), submitted);
        List<ScoredAttempt> attempts = new ArrayList<>();
        ScoredAttempt best = null;
        while (true) {
            GeneratedAnswer generated = generate(task, policy, until);
            double score = score(q.bestAnswer(), generated.answer());
            ScoredAttempt attempt = new ScoredAttempt(
                    q.id(),
                    task.attempt(),
                    score,
                    scorer.name(),
                    generated.answer(),
                    generated.model(),
                    generated.latencyMs(),
                    generated.overloadRetries(),
                    generated.quotaRetries(),
                    generated.generatedAt(),
                    clock.instant());
            attempts.add(attempt);
            if (best == null || attempt.score() > best.score()) {
                best = attempt;
            }
            Optional<StopReason> stop =
                    regeneration.stop(task.attempt(), score, task.previousAnswer(), generated.answer());
            if (stop.isPresent()) {
                ValidatedAnswer result = result(q, submitted, attempts, best, stop.get());
                try {
                    store.write(new StorageBatch(List.of(result), attempts, List.of()));
                } catch (SQLException e) {
                    throw new Failure(503, "the answer could not be stored (" + e.getMessage() + "); ask again");
                }
                return result;
            }
            task = task.regenerate(generated.answer());
        }
    }

    /** Calls the LLM until it answers, sleeping out each retry delay the policy decides. */
    private GeneratedAnswer generate(QuestionTask first, RetryPolicy policy, Instant until)
            throws InterruptedException {
        QuestionTask task = first;
        while (true) {
            llmCalls.incrementAndGet();
            LlmOutcome outcome = llm.complete(new LlmRequest(
                    task.questionId(),
                    task.attempt(),
                    task.title(),
                    task.content(),
                    regeneration.settings().previousForPrompt(task.previousAnswer()),
                    regeneration.settings().temperatureFor(task.attempt())));
            RetryDecision decision = policy.decide(task, outcome);
            if (decision instanceof RetryDecision.Publish p) {
                return p.answer();
            }
            if (decision instanceof RetryDecision.GiveUp g) {
                throw new Failure("fatal".equals(g.errorClass()) ? 502 : 503, g.reason());
            }
            RetryDecision.Retry r = (RetryDecision.Retry) decision;
            if (clock.instant().plus(r.delay()).isAfter(until)) {
                throw new Failure(
                        504,
                        "no answer within " + deadline.toMillis() + " ms: the next retry (" + r.reason()
                                + ") was due after the deadline");
            }
            sleeper.sleep(r.delay());
            task = r.next();
        }
    }

    private double score(String reference, String candidate) {
        BatchScorer.Outcome outcome;
        synchronized (scorer) {
            outcome = scorer.scoreAll(List.of(new BatchScorer.Request(reference, null, candidate)))
                    .get(0);
        }
        if (outcome.failure() != null) {
            throw new Failure(
                    422, "the answer could not be scored: " + outcome.failure().getMessage());
        }
        return outcome.score();
    }

    private ValidatedAnswer result(
            QuestionRequest q, Instant submitted, List<ScoredAttempt> attempts, ScoredAttempt best, StopReason stop) {
        ScoredAttempt kept = stop == StopReason.PASSED ? attempts.get(attempts.size() - 1) : best;
        return new ValidatedAnswer(
                q.id(),
                q.title(),
                q.content(),
                q.bestAnswer(),
                kept.answer(),
                kept.score(),
                kept.attempt(),
                attempts.size(),
                stop == StopReason.PASSED,
                kept.model(),
                submitted,
                clock.instant(),
                stop.key());
    }
}
