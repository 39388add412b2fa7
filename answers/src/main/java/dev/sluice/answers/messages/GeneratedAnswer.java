package dev.sluice.answers.messages;

import java.time.Instant;
import java.util.Objects;

/**
 * A successful LLM answer for one attempt, on {@code answers.generated}; read by the scoring job.
 *
 * @param previousAnswer the answer of the attempt before (from the task), empty for a first attempt;
 *     the scoring job's near-identical stop compares {@code answer} with it
 */
public record GeneratedAnswer(
        String questionId,
        int attempt,
        String title,
        String content,
        String bestAnswer,
        String answer,
        String model,
        long latencyMs,
        int overloadRetries,
        int quotaRetries,
        Instant submittedAt,
        Instant generatedAt,
        String previousAnswer) {
    public GeneratedAnswer {
        QuestionTask.requireText(questionId, "questionId");
        QuestionTask.requireText(title, "title");
        QuestionTask.requireText(answer, "answer");
        content = content == null ? "" : content;
        bestAnswer = bestAnswer == null ? "" : bestAnswer;
        model = model == null ? "" : model;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: must be at least 1, was " + attempt);
        }
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(generatedAt, "generatedAt");
        previousAnswer = previousAnswer == null ? "" : previousAnswer;
    }

    /** An answer without a previous one (a first attempt, or a record written before regeneration prompts). */
    public GeneratedAnswer(
            String questionId,
            int attempt,
            String title,
            String content,
            String bestAnswer,
            String answer,
            String model,
            long latencyMs,
            int overloadRetries,
            int quotaRetries,
            Instant submittedAt,
            Instant generatedAt) {
        this(
                questionId,
                attempt,
                title,
                content,
                bestAnswer,
                answer,
                model,
                latencyMs,
                overloadRetries,
                quotaRetries,
                submittedAt,
                generatedAt,
                "");
    }

    /** The task that asks for the next attempt of this question, carrying this answer as the one to improve on. */
    public QuestionTask nextAttempt() {
        return new QuestionTask(questionId, title, content, bestAnswer, attempt + 1, 0, 0, submittedAt, answer);
    }
}
