package dev.sluice.answers.llm;

import java.util.Objects;

/** What to ask: the question's id (for logs and idempotency), its title and optional body. */
public record LlmRequest(String questionId, int attempt, String title, String content) {
    public LlmRequest {
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(title, "title");
        content = content == null ? "" : content;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
    }
}
