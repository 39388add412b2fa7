package dev.sluice.answers.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/questions/{id}}: where a question is, with every attempt. {@code status} is one of
 * {@link #QUEUED}, {@link #RETRYING}, {@link #REGENERATING}, {@link #VALIDATED}, {@link #DEAD};
 * {@code answer} is set once validated; {@code retryDueAt} and {@code retryReason} while retrying
 * (the latest retry's due time and "class: message", also for a deferral, which made no call and
 * so is not among the attempts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionStatus(
        String id,
        String status,
        String statusUrl,
        StoredAnswer answer,
        List<AttemptView> attempts,
        Instant retryDueAt,
        String retryReason) {
    public static final String QUEUED = "queued";
    public static final String RETRYING = "retrying";
    public static final String REGENERATING = "regenerating";
    public static final String VALIDATED = "validated";
    public static final String DEAD = "dead";

    public QuestionStatus {
        attempts = List.copyOf(attempts);
    }

    /** The first version's shape, without the retry fields. */
    public QuestionStatus(String id, String status, String statusUrl, StoredAnswer answer, List<AttemptView> attempts) {
        this(id, status, statusUrl, answer, attempts, null, null);
    }

    public static String url(String id) {
        return "/api/questions/" + id;
    }
}
