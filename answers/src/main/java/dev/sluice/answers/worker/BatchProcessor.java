package dev.sluice.answers.worker;

import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.llm.LlmRequest;
import dev.sluice.answers.messages.LlmCallHeaders;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.regeneration.RegenerationSettings;
import dev.sluice.answers.retry.AdaptiveLimiter;
import dev.sluice.answers.retry.RetryDecision;
import dev.sluice.answers.retry.RetryKind;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.platform.kafka.Parsed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One polled batch from {@code questions.pending} to the records to publish for it, without Kafka
 * I/O: poison records become dead letters, the rest are called concurrently on the executor under
 * the {@link AdaptiveLimiter}, and each outcome becomes a {@link RetryDecision} on the calling
 * (loop) thread, in offset order, so the seeded jitter is repeatable and the policy needs no lock.
 *
 * <p>A batch has a deadline (half of {@code max.poll.interval.ms} by default): a task that has not
 * got a call slot by then is deferred without a call, so a batch never outlives the poll interval
 * by more than one call timeout, however low the adaptive limit has gone.
 */
final class BatchProcessor {
    private final LlmClient llm;
    private final AdaptiveLimiter limiter;
    private final RetryPolicy policy;
    private final WorkerRecords records;
    private final ExecutorService calls;
    private final Clock clock;
    private final Consumer<String> outcomes;
    private final RegenerationSettings regeneration;

    /** @param outcomes told the outcome class of every record (answer, overload, quota, fatal, empty, poison, deferred), for metrics */
    BatchProcessor(
            LlmClient llm,
            AdaptiveLimiter limiter,
            RetryPolicy policy,
            WorkerRecords records,
            ExecutorService calls,
            Clock clock,
            Consumer<String> outcomes) {
        this(llm, limiter, policy, records, calls, clock, outcomes, RegenerationSettings.DEFAULTS);
    }

    /** @param regeneration how a regeneration's request is built (previous answer's length, temperature) */
    BatchProcessor(
            LlmClient llm,
            AdaptiveLimiter limiter,
            RetryPolicy policy,
            WorkerRecords records,
            ExecutorService calls,
            Clock clock,
            Consumer<String> outcomes,
            RegenerationSettings regeneration) {
        this.regeneration = Objects.requireNonNull(regeneration, "regeneration");
        this.llm = Objects.requireNonNull(llm, "llm");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.records = Objects.requireNonNull(records, "records");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /** What one call attempt came to: the LLM's outcome and when the call began, or held back without a call. */
    private record CallResult(LlmOutcome outcome, Instant startedAt, AdaptiveLimiter.Admission.HoldBack heldBack) {
        static CallResult heldBack(AdaptiveLimiter.Admission.HoldBack h) {
            return new CallResult(null, null, h);
        }
    }

    /** Calls the LLM for every readable record and returns one output record per input record, in input order. */
    List<ProducerRecord<byte[], byte[]>> process(List<ConsumerRecord<byte[], byte[]>> batch, Duration budget) {
        Instant deadline = clock.instant().plus(budget);
        List<Parsed<QuestionTask>> parsed = new ArrayList<>(batch.size());
        List<CompletableFuture<CallResult>> pending = new ArrayList<>(batch.size());
        for (ConsumerRecord<byte[], byte[]> in : batch) {
            Parsed<QuestionTask> p = WorkerRecords.tasks().parse(in.value());
            parsed.add(p);
            pending.add(p.isOk() ? CompletableFuture.supplyAsync(() -> call(p.value(), deadline), calls) : null);
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ConsumerRecord<byte[], byte[]> in = batch.get(i);
            Parsed<QuestionTask> p = parsed.get(i);
            if (!p.isOk()) {
                outcomes.accept("poison");
                out.add(records.poison(in, p.reason()));
                continue;
            }
            CallResult result = pending.get(i).join();
            RetryDecision decision;
            String outcome;
            if (result.heldBack() != null) {
                outcome = "deferred";
                AdaptiveLimiter.Admission.HoldBack h = result.heldBack();
                decision = policy.defer(p.value(), h.kind(), h.delay(), h.reason(), WorkerRecords.deferrals(in));
            } else {
                outcome = outcomeName(result.outcome());
                decision = policy.decide(p.value(), result.outcome());
            }
            outcomes.accept(outcome);
            ProducerRecord<byte[], byte[]> record = records.output(in, p.value(), decision, outcome);
            if (result.outcome() != null) {
                LlmCallHeaders.add(
                        record.headers(), result.startedAt(), result.outcome().latency());
            }
            out.add(record);
        }
        return out;
    }

    private CallResult call(QuestionTask task, Instant deadline) {
        AdaptiveLimiter.Admission admission = limiter.admit();
        if (admission instanceof AdaptiveLimiter.Admission.HoldBack h) {
            return CallResult.heldBack(h);
        }
        Optional<AdaptiveLimiter.Slot> slot;
        try {
            Duration left = Duration.between(clock.instant(), deadline);
            slot = limiter.acquire(left.isNegative() ? Duration.ZERO : left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = Optional.empty();
        }
        if (slot.isEmpty()) {
            limiter.cancel();
            // Not the server's fault: come back soon, the slots will have moved on.
            return CallResult.heldBack(limiter.longBlock(clock.instant())
                    .orElseGet(() -> new AdaptiveLimiter.Admission.HoldBack(
                            policy.settings().base(),
                            RetryKind.OVERLOAD,
                            "no call slot before the batch deadline (adaptive limit " + limiter.currentLimit()
                                    + ", rate " + limiter.currentRate() + "/s)")));
        }
        LlmOutcome outcome;
        Instant startedAt = clock.instant();
        try {
            outcome = llm.complete(request(task, regeneration));
        } catch (RuntimeException e) {
            // LlmClient promises not to throw; if one does, treat it as a failed call rather than losing the batch
            outcome = new LlmOutcome.Overload("LLM client threw " + e, 0, Duration.ZERO);
        }
        limiter.release(slot.get(), outcome);
        return new CallResult(outcome, startedAt, null);
    }

    /** The call for {@code task}: a regeneration carries the previous answer (cut) and its temperature. */
    static LlmRequest request(QuestionTask task, RegenerationSettings regeneration) {
        return new LlmRequest(
                task.questionId(),
                task.attempt(),
                task.title(),
                task.content(),
                regeneration.previousForPrompt(task.previousAnswer()),
                regeneration.temperatureFor(task.attempt()));
    }

    static String outcomeName(LlmOutcome outcome) {
        if (outcome instanceof LlmOutcome.Answer) {
            return "answer";
        }
        if (outcome instanceof LlmOutcome.Overload) {
            return "overload";
        }
        if (outcome instanceof LlmOutcome.Quota) {
            return "quota";
        }
        if (outcome instanceof LlmOutcome.Fatal) {
            return "fatal";
        }
        return "empty";
    }
}
