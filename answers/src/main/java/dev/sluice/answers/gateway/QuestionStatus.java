package dev.sluice.answers.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/questions/{id}}: where a question is, with every attempt. {@code status} is one of
 * {@link #QUEUED}, {@link #REGENERATING}, {@link #VALIDATED}, {@link #DEAD}; {@code answer} is set
 * once validated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionStatus(String id, String status, String statusUrl, StoredAnswer answer, List<AttemptView> attempts) {
  public static final String QUEUED = "queued";
  public static final String REGENERATING = "regenerating";
  public static final String VALIDATED = "validated";
  public static final String DEAD = "dead";

  public QuestionStatus {
    attempts = List.copyOf(attempts);
  }

  public static String url(String id) {
    return "/api/questions/" + id;
  }
}
