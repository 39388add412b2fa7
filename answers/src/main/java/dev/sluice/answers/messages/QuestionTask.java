package dev.sluice.answers.messages;

import java.time.Instant;
import java.util.Objects;

/**
 * A question to answer, on {@code questions.pending} (new, retried or regenerated). Keyed by
 * question id so every attempt of a question shares a partition. The community's best answer
 * travels along so the scoring job needs no lookup.
 *
 * @param attempt the generation attempt this task asks for, from 1 (a regeneration increments it)
 * @param overloadRetries overload retries spent on this attempt so far
 * @param quotaRetries quota retries spent on this attempt so far
 */
public record QuestionTask(
        String questionId,
        String title,
        String content,
        String bestAnswer,
        int attempt,
        int overloadRetries,
        int quotaRetries,
        Instant submittedAt) {
    public QuestionTask {
        requireText(questionId, "questionId");
        requireText(title, "title");
        content = content == null ? "" : content;
        bestAnswer = bestAnswer == null ? "" : bestAnswer;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: must be at least 1, was " + attempt);
        }
        if (overloadRetries < 0 || quotaRetries < 0) {
            throw new IllegalArgumentException("overloadRetries/quotaRetries: must not be negative");
        }
        Objects.requireNonNull(submittedAt, "submittedAt: required (when the question entered the pipeline)");
    }

    public static QuestionTask first(
            String questionId, String title, String content, String bestAnswer, Instant submittedAt) {
        return new QuestionTask(questionId, title, content, bestAnswer, 1, 0, 0, submittedAt);
    }

    public QuestionTask withOverloadRetry() {
        return new QuestionTask(
                questionId, title, content, bestAnswer, attempt, overloadRetries + 1, quotaRetries, submittedAt);
    }

    public QuestionTask withQuotaRetry() {
        return new QuestionTask(
                questionId, title, content, bestAnswer, attempt, overloadRetries, quotaRetries + 1, submittedAt);
    }

    /** The next generation attempt, with fresh retry budgets. */
    public QuestionTask regenerate() {
        return new QuestionTask(questionId, title, content, bestAnswer, attempt + 1, 0, 0, submittedAt);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required and not blank");
        }
    }
}
