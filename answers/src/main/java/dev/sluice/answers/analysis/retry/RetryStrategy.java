package dev.sluice.answers.analysis.retry;

import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.retry.RetryDecision;
import dev.sluice.answers.retry.RetryKind;
import dev.sluice.answers.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * One way to answer a retryable LLM error, for the retry experiment. Today's policy is
 * {@link RetryPolicy} itself, unchanged ({@link #policy}); the others are what it is compared with:
 * no retry, immediate retry, a fixed delay, and the same jittered backoff that ignores the server's
 * Retry-After (what a client does that cannot tell a quota from an overload).
 *
 * <p>The alternatives spend one budget of {@code maxRetries} on every retryable error (overload,
 * quota, empty); the policy keeps its two budgets (overload/empty and quota). Answers and fatal
 * errors go through the policy for every strategy: only the retry differs.
 *
 * <p>Thread-safe: the policy's {@link Random} is used under this object's lock.
 */
public class RetryStrategy {
    /** {@code answers.retry.quota.max-retries} before the report's finding raised it. */
    public static final int FORMER_QUOTA_RETRIES = 5;

    private final String name;
    private final RetryPolicy policy;
    private final boolean honoursServer;
    private final int maxRetries;
    private final IntFunction<Duration> delay;

    private RetryStrategy(
            String name, RetryPolicy policy, boolean honoursServer, int maxRetries, IntFunction<Duration> delay) {
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.honoursServer = honoursServer;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.delay = delay;
    }

    /** Every retryable error goes to the DLQ at once. */
    public static RetryStrategy none(RetryPolicy policy) {
        return new RetryStrategy("no retry", policy, false, 0, n -> Duration.ZERO);
    }

    /** Retried at once, up to {@code maxRetries} times: what a naive client loop does. */
    public static RetryStrategy immediate(RetryPolicy policy, int maxRetries) {
        return new RetryStrategy("immediate", policy, false, maxRetries, n -> Duration.ZERO);
    }

    /** The same {@code wait} before every retry, up to {@code maxRetries} times, no jitter. */
    public static RetryStrategy fixed(RetryPolicy policy, Duration wait, int maxRetries) {
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("fixed retry wait must be zero or more, was " + wait);
        }
        return new RetryStrategy("fixed " + wait.toMillis() + " ms", policy, false, maxRetries, n -> wait);
    }

    /**
     * The policy's full-jitter backoff for quota errors too, the server's Retry-After ignored; the
     * overload budget ({@code answers.retry.overload.max-retries}) for all of them.
     */
    public static RetryStrategy backoffIgnoringServer(RetryPolicy policy) {
        return new RetryStrategy(
                "backoff+jitter, Retry-After ignored",
                policy,
                false,
                policy.settings().maxOverloadRetries(),
                policy::overloadBackoff);
    }

    /**
     * The policy before the report's finding: overload as today, but a quota error retried exactly
     * at the server's Retry-After (the quota window without one), no jitter, with the former default
     * of {@value #FORMER_QUOTA_RETRIES} quota retries.
     */
    public static RetryStrategy serverDelayExactly(RetryPolicy policy) {
        return new RetryStrategy(
                "backoff+jitter, Retry-After exactly, " + FORMER_QUOTA_RETRIES + " quota retries (before)",
                policy,
                true,
                FORMER_QUOTA_RETRIES,
                n -> Duration.ZERO) {
            @Override
            public synchronized RetryDecision decide(QuestionTask task, LlmOutcome outcome) {
                if (!(outcome instanceof LlmOutcome.Quota q)) {
                    return super.decide(task, outcome);
                }
                if (task.quotaRetries() >= FORMER_QUOTA_RETRIES) {
                    return new RetryDecision.GiveUp(
                            "quota", "gave up after " + task.quotaRetries() + " quota retries", outcome.toString());
                }
                Duration wait = q.retryAfter()
                        .filter(d -> !d.isNegative())
                        .orElse(policy.settings().quotaWindow());
                return new RetryDecision.Retry(task.withQuotaRetry(), RetryKind.QUOTA, wait, "quota", false);
            }
        };
    }

    /**
     * Today's policy, {@link RetryPolicy#decide} unchanged: full-jitter backoff for overload, and
     * Retry-After honoured as the floor of a quota wait with full jitter after it.
     */
    public static RetryStrategy policy(RetryPolicy policy) {
        return new RetryStrategy(
                "backoff+jitter, Retry-After + jitter (today)",
                policy,
                true,
                policy.settings().maxOverloadRetries(),
                policy::overloadBackoff);
    }

    public String name() {
        return name;
    }

    /** Publish, retry after a delay, or give up, for {@code task} after {@code outcome}. */
    public synchronized RetryDecision decide(QuestionTask task, LlmOutcome outcome) {
        boolean retryable = outcome instanceof LlmOutcome.Overload
                || outcome instanceof LlmOutcome.Quota
                || outcome instanceof LlmOutcome.Empty;
        if (honoursServer || !retryable) {
            return policy.decide(task, outcome);
        }
        int spent = task.overloadRetries() + task.quotaRetries();
        boolean quota = outcome instanceof LlmOutcome.Quota;
        String errorClass = quota ? "quota" : outcome instanceof LlmOutcome.Empty ? "empty" : "overload";
        if (spent >= maxRetries) {
            return new RetryDecision.GiveUp(
                    errorClass, "gave up after " + spent + " retries (" + name + ")", outcome.toString());
        }
        QuestionTask next = quota ? task.withQuotaRetry() : task.withOverloadRetry();
        return new RetryDecision.Retry(
                next, quota ? RetryKind.QUOTA : RetryKind.OVERLOAD, delay.apply(spent), errorClass, false);
    }

    @Override
    public String toString() {
        return name;
    }
}
