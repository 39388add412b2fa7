package dev.sluice.answers.messages;

import java.time.Instant;

/**
 * The final answer of a question, on {@code answers.validated}: the first attempt that passed the
 * threshold, or the best of all attempts when the loop stopped ({@code passed = false}).
 *
 * @param stopReason why the loop ended, a {@link StopReason} key ({@code passed}, {@code max-attempts},
 *     {@code near-identical}, {@code budget-spent}); a record written before the field existed reads
 *     as {@code passed} or {@code max-attempts}, the only two ends there were
 */
public record ValidatedAnswer(
        String questionId,
        String title,
        String content,
        String bestAnswer,
        String answer,
        double score,
        int bestAttempt,
        int attempts,
        boolean passed,
        String model,
        Instant submittedAt,
        Instant validatedAt,
        String stopReason) {
    public ValidatedAnswer {
        QuestionTask.requireText(questionId, "questionId");
        if (attempts < 1 || bestAttempt < 1 || bestAttempt > attempts) {
            throw new IllegalArgumentException(
                    "bestAttempt/attempts: need 1 <= bestAttempt <= attempts, were " + bestAttempt + "/" + attempts);
        }
        stopReason = stopReason == null || stopReason.isBlank()
                ? (passed ? StopReason.PASSED : StopReason.MAX_ATTEMPTS).key()
                : stopReason;
    }

    /** Without a stop reason: {@code passed} or {@code max-attempts}, from {@code passed}. */
    public ValidatedAnswer(
            String questionId,
            String title,
            String content,
            String bestAnswer,
            String answer,
            double score,
            int bestAttempt,
            int attempts,
            boolean passed,
            String model,
            Instant submittedAt,
            Instant validatedAt) {
        this(
                questionId,
                title,
                content,
                bestAnswer,
                answer,
                score,
                bestAttempt,
                attempts,
                passed,
                model,
                submittedAt,
                validatedAt,
                null);
    }
}
