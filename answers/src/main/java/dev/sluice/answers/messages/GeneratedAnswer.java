package dev.sluice.answers.messages;

import java.time.Instant;
import java.util.Objects;

/** A successful LLM answer for one attempt, on {@code answers.generated}; read by the scoring job. */
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
        Instant generatedAt) {
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
    }

    /** The task that asks for the next attempt of this question. */
    public QuestionTask nextAttempt() {
        return new QuestionTask(questionId, title, content, bestAnswer, attempt + 1, 0, 0, submittedAt);
    }
}
