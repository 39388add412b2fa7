package dev.sluice.answers.messages;

import java.time.Instant;

/**
 * The final answer of a question, on {@code answers.validated}: the first attempt that passed the
 * threshold, or the best of all attempts when the cap was reached ({@code passed = false}).
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
        Instant validatedAt) {
    public ValidatedAnswer {
        QuestionTask.requireText(questionId, "questionId");
        if (attempts < 1 || bestAttempt < 1 || bestAttempt > attempts) {
            throw new IllegalArgumentException(
                    "bestAttempt/attempts: need 1 <= bestAttempt <= attempts, were " + bestAttempt + "/" + attempts);
        }
    }
}
