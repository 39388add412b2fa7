package dev.sluice.answers.gateway;

import java.time.Instant;

/**
 * A question's final result as storage keeps it in {@code answers.questions}: what a cache hit returns.
 *
 * @param stopReason why the feedback loop ended ({@code passed}, {@code max-attempts},
 *     {@code near-identical}, {@code budget-spent}: {@link dev.sluice.answers.messages.StopReason})
 */
public record StoredAnswer(
        String questionId,
        String title,
        String content,
        String bestAnswer,
        String llmAnswer,
        double score,
        int bestAttempt,
        int attempts,
        boolean passed,
        String stopReason,
        String model,
        Instant submittedAt,
        Instant validatedAt,
        long hitCount) {

    public StoredAnswer withHitCount(long count) {
        return new StoredAnswer(
                questionId,
                title,
                content,
                bestAnswer,
                llmAnswer,
                score,
                bestAttempt,
                attempts,
                passed,
                stopReason,
                model,
                submittedAt,
                validatedAt,
                count);
    }
}
