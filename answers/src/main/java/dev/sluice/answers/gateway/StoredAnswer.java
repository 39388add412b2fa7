package dev.sluice.answers.gateway;

import java.time.Instant;

/**
 * A question's final result as storage keeps it in {@code answers.questions}: what a cache hit
 * returns. {@code hitCount}: times the gateway answered it from the cache or the database;
 * {@code askedCount}: times it arrived at all ({@code answers.asked}), the first ask and any repeat
 * while it was in flight included, so it is at least {@code hitCount + 1} for a question a gateway
 * published.
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
        long hitCount,
        long askedCount) {

    /** The counts as they are now: a cached answer carries the ones it was cached with. */
    public StoredAnswer withCounts(long hits, long asked) {
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
                hits,
                asked);
    }
}
