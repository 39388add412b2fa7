package dev.sluice.answers.dataset;

import java.util.Objects;

/**
 * One question with the community's best answer: what the gateway submits and what the scoring job
 * compares the LLM's answer against. {@code category} is the Kaggle class (1-10) as text, or null
 * where the source has none; {@code content} is the optional question body, never null.
 */
public record QaPair(String id, String title, String content, String bestAnswer, String category) {
    public QaPair {
        requireText(id, "id");
        requireText(title, "title");
        requireText(bestAnswer, "bestAnswer");
        content = content == null ? "" : content;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
