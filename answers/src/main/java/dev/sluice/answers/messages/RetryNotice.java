package dev.sluice.answers.messages;

import dev.sluice.platform.delay.DelayHeaders;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.Parsed;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One retry as read back from a retry tier record: the task as it was sent back (its attempt and
 * retry counters <i>after</i> the failure), why ({@link RetryHeaders}) and when it is due. Not a
 * message of its own: it is what storage makes of the worker's retry record, so there is one
 * source of truth for a retry, the record the delay scheduler acts on.
 *
 * <p>Its identity is (question id, attempt, overload retries, quota retries, deferrals): each
 * failed call raises one counter and each deferral the deferral count, so every retry of a
 * question has its own key, and a record read twice (a replay, a task published twice) has the same.
 *
 * @param kind the tier set the task waits in: overload or quota
 * @param errorClass overload, quota, empty or deferred (no LLM call was made)
 * @param dueAt when the scheduler sends it back to {@code questions.pending}; null if the record had no due header
 */
public record RetryNotice(
        String questionId,
        int attempt,
        int overloadRetries,
        int quotaRetries,
        int deferrals,
        String kind,
        String errorClass,
        String reason,
        Instant failedAt,
        Instant dueAt,
        String topic,
        int partition,
        long offset) {
    public static final String DEFERRED = "deferred";
    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);

    public RetryNotice {
        QuestionTask.requireText(questionId, "questionId");
        QuestionTask.requireText(kind, "kind");
        QuestionTask.requireText(errorClass, "errorClass");
        reason = reason == null ? "" : reason;
        if (attempt < 1 || overloadRetries < 0 || quotaRetries < 0 || deferrals < 0) {
            throw new IllegalArgumentException("attempt must be at least 1 and the retry counters not negative, were "
                    + attempt + ", " + overloadRetries + ", " + quotaRetries + ", " + deferrals);
        }
    }

    /** True when an LLM call failed; false for a deferral (held back without a call). */
    public boolean failedCall() {
        return !DEFERRED.equals(errorClass);
    }

    /** The kind of retry tier a topic belongs to, or null when it is none of the answers retry tiers. */
    public static String kindOf(String topic) {
        if (AnswersTopics.OVERLOAD_RETRY.byTopic(topic).isPresent()) {
            return "overload";
        }
        if (AnswersTopics.QUOTA_RETRY.byTopic(topic).isPresent()) {
            return "quota";
        }
        return null;
    }

    /**
     * Reads a record from a retry tier. A record without the worker's headers (written before they
     * existed, or by hand) still counts as a retry: its class is the tier's kind, its time the
     * record's timestamp.
     */
    public static Parsed<RetryNotice> from(ConsumerRecord<byte[], byte[]> r) {
        String kind = kindOf(r.topic());
        if (kind == null) {
            return Parsed.failed("topic " + r.topic() + " is not an answers retry tier");
        }
        Parsed<QuestionTask> task = TASKS.parse(r.value());
        if (!task.isOk()) {
            return Parsed.failed(task.reason());
        }
        QuestionTask t = task.value();
        int deferrals = (int) Math.min(Integer.MAX_VALUE, RetryHeaders.number(r.headers(), RetryHeaders.DEFERRALS, 0));
        String errorClass = RetryHeaders.text(r.headers(), RetryHeaders.ERROR_CLASS);
        if (errorClass == null || errorClass.isBlank()) {
            errorClass = deferrals > 0 ? DEFERRED : kind;
        }
        String reason = RetryHeaders.text(r.headers(), RetryHeaders.REASON);
        long failedMillis = RetryHeaders.number(r.headers(), RetryHeaders.FAILED_AT, r.timestamp());
        OptionalLong due = DelayHeaders.dueMillis(r.headers());
        return Parsed.ok(new RetryNotice(
                t.questionId(),
                t.attempt(),
                t.overloadRetries(),
                t.quotaRetries(),
                deferrals,
                kind,
                errorClass,
                reason == null ? "" : reason,
                failedMillis < 0 ? null : Instant.ofEpochMilli(failedMillis),
                due.isPresent() ? Instant.ofEpochMilli(due.getAsLong()) : null,
                r.topic(),
                r.partition(),
                r.offset()));
    }
}
