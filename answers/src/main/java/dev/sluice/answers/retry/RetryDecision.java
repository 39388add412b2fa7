package dev.sluice.answers.retry;

import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import java.time.Duration;
import java.util.Objects;

/** What to do with one task after one LLM outcome: exactly one of publish, retry later, or give up. */
public sealed interface RetryDecision {

    /** The LLM answered: publish to {@code answers.generated}. */
    record Publish(GeneratedAnswer answer) implements RetryDecision {
        public Publish {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * Send {@code next} back to {@code questions.pending} through {@code kind}'s delay tiers after
     * {@code delay}.
     *
     * @param deferral true when no LLM call was made (limiter blocked or breaker open), so the task's
     *     retry budget was not spent
     */
    record Retry(QuestionTask next, RetryKind kind, Duration delay, String reason, boolean deferral)
            implements RetryDecision {
        public Retry {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("retry delay must not be negative, was " + delay);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Dead-letter the task.
     *
     * @param errorClass overload, quota, fatal, empty or deferred (DeadLetter's vocabulary)
     * @param detail the outcome as text, for the dead letter's {@code exception} field
     */
    record GiveUp(String errorClass, String reason, String detail) implements RetryDecision {
        public GiveUp {
            Objects.requireNonNull(errorClass, "errorClass");
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }
}
