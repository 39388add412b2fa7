package dev.sluice.answers.messages;

import java.time.Instant;

/**
 * A question the pipeline gave up on, on {@code questions.dlq}: why, where the record came from
 * (topic/partition/offset) and the exception, so it can be inspected and replayed.
 *
 * @param errorClass overload, quota, fatal, empty, poison, scoring
 * @param payload the original record value as text (for poison records that could not be parsed)
 */
public record DeadLetter(
        String questionId,
        int attempt,
        String errorClass,
        String reason,
        String originalTopic,
        int originalPartition,
        long originalOffset,
        String exception,
        String payload,
        Instant at) {
    public DeadLetter {
        questionId = questionId == null ? "" : questionId;
        QuestionTask.requireText(errorClass, "errorClass");
        QuestionTask.requireText(reason, "reason");
    }
}
