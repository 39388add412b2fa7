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
 * @param previousAnswer the answer of the attempt before this one, which the scoring job judged off
 *     the mark; empty for a first attempt. The worker puts it (truncated) into the regeneration
 *     prompt, and the scoring job compares the new answer with it (the near-identical stop)
 */
public record QuestionTask(
        String questionId,
        String title,
        String content,
        String bestAnswer,
        int attempt,
        int overloadRetries,
        int quotaRetries,
        Instant submittedAt,
        String previousAnswer) {
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
        previousAnswer = previousAnswer == null ? "" : previousAnswer;
    }

    /** A task without a previous answer (a first attempt, or a record written before regeneration prompts). */
    public QuestionTask(
            String questionId,
            String title,
            String content,
            String bestAnswer,
            int attempt,
            int overloadRetries,
            int quotaRetries,
            Instant submittedAt) {
        this(questionId, title, content, bestAnswer, attempt, overloadRetries, quotaRetries, submittedAt, "");
    }

    public static QuestionTask first(
            String questionId, String title, String content, String bestAnswer, Instant submittedAt) {
        return new QuestionTask(questionId, title, content, bestAnswer, 1, 0, 0, submittedAt);
    }

    public QuestionTask withOverloadRetry() {
        return new QuestionTask(
                questionId,
                title,
                content,
                bestAnswer,
                attempt,
                overloadRetries + 1,
                quotaRetries,
                submittedAt,
                previousAnswer);
    }

    public QuestionTask withQuotaRetry() {
        return new QuestionTask(
                questionId,
                title,
                content,
                bestAnswer,
                attempt,
                overloadRetries,
                quotaRetries + 1,
                submittedAt,
                previousAnswer);
    }

    /** The next generation attempt, with fresh retry budgets and no previous answer to show. */
    public QuestionTask regenerate() {
        return regenerate("");
    }

    /** The next generation attempt after {@code answer} fell short, with fresh retry budgets. */
    public QuestionTask regenerate(String answer) {
        return new QuestionTask(questionId, title, content, bestAnswer, attempt + 1, 0, 0, submittedAt, answer);
    }

    /** Whether this task asks for a regeneration (a later attempt that knows the answer before it). */
    public boolean isRegeneration() {
        return attempt > 1 && !previousAnswer.isBlank();
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required and not blank");
        }
    }
}
