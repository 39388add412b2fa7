package dev.sluice.answers.llm;

import java.util.Objects;

/**
 * What to ask: the question's id (for logs and idempotency), its title and optional body; for a
 * regeneration (attempt 2 on) the previous answer, already cut to the prompt's length, and the
 * temperature to send (null: none, the provider's default).
 */
public record LlmRequest(
        String questionId, int attempt, String title, String content, String previousAnswer, Double temperature) {
    public LlmRequest {
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(title, "title");
        content = content == null ? "" : content;
        previousAnswer = previousAnswer == null ? "" : previousAnswer;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be within [0, 2], was " + temperature);
        }
    }

    /** A first-attempt request: no previous answer, no temperature. */
    public LlmRequest(String questionId, int attempt, String title, String content) {
        this(questionId, attempt, title, content, "", null);
    }

    /** A later attempt: the scoring job found the answer before it off the mark. */
    public boolean isRegeneration() {
        return attempt > 1;
    }
}
