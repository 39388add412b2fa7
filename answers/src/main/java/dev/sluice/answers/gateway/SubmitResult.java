package dev.sluice.answers.gateway;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to one posted question: {@code {"id":..., "status":"queued", "statusUrl":...}}, plus
 * the stored {@code answer} when it was already answered. {@code httpStatus} (not serialised) is
 * 200 for an answer, 202 for a question queued now or earlier.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmitResult(
        String id,
        String status,
        String statusUrl,
        StoredAnswer answer,
        @JsonIgnore int httpStatus) {

    static SubmitResult answered(StoredAnswer answer) {
        return new SubmitResult(
                answer.questionId(), QuestionStatus.VALIDATED, QuestionStatus.url(answer.questionId()), answer, 200);
    }

    static SubmitResult accepted(String id, String status) {
        return new SubmitResult(id, status, QuestionStatus.url(id), null, 202);
    }
}
