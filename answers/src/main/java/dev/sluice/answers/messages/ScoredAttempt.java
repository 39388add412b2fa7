package dev.sluice.answers.messages;

import java.time.Instant;

/** Every attempt's score, on {@code answers.scored}, for analysis and the attempts table. */
public record ScoredAttempt(
        String questionId,
        int attempt,
        double score,
        String metric,
        String answer,
        String model,
        long latencyMs,
        int overloadRetries,
        int quotaRetries,
        Instant generatedAt,
        Instant scoredAt) {
    public ScoredAttempt {
        QuestionTask.requireText(questionId, "questionId");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: must be at least 1, was " + attempt);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score: must be within [0, 1], was " + score);
        }
    }
}
