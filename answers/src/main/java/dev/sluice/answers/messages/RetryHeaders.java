package dev.sluice.answers.messages;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers the LLM worker puts on a record it sends to a retry tier ({@code questions.retry.*}),
 * saying why the task waits: the failed call's error class and message and when it failed. The
 * record's value stays the plain {@link QuestionTask} the delay scheduler forwards to
 * {@code questions.pending}, and the due time is the platform's {@code sluice.delay.due} header,
 * so the retry record itself is the one account of a retry: storage reads it (see
 * {@link RetryNotice}) rather than a second event the worker would have to keep in step.
 *
 * <p>Values are UTF-8 text, readable in any Kafka tool. The scheduler keeps headers when it
 * forwards, so they also ride along on the redelivered pending record, where nothing reads them;
 * the worker starts a retry's headers afresh, so they never pile up.
 */
public final class RetryHeaders {
    /** overload, quota, empty (a 200 without content), or deferred (sent back without an LLM call). */
    public static final String ERROR_CLASS = "sluice.retry.error-class";
    /** The failed call's message: the provider's reason and HTTP status, cut to {@link #MAX_REASON_CHARS}. */
    public static final String REASON = "sluice.retry.reason";
    /** Epoch milliseconds at which the call failed (the worker's clock). */
    public static final String FAILED_AT = "sluice.retry.failed-at";
    /** Deferrals in a row (no LLM call) behind a task. */
    public static final String DEFERRALS = "sluice.worker.deferrals";

    /** Headers travel with every copy of the record and count against its size: keep them short. */
    public static final int MAX_REASON_CHARS = 1_000;

    private RetryHeaders() {}

    /** The headers that describe one failure, to add to the retry record. */
    public static Headers failure(String errorClass, String reason, Instant failedAt) {
        QuestionTask.requireText(errorClass, "errorClass");
        RecordHeaders h = new RecordHeaders();
        h.add(ERROR_CLASS, bytes(errorClass));
        String r = reason == null ? "" : reason;
        h.add(REASON, bytes(r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r));
        h.add(FAILED_AT, bytes(Long.toString(failedAt.toEpochMilli())));
        return h;
    }

    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A non-negative number header; {@code fallback} when absent or unreadable (a bad header must not poison a record). */
    public static long number(Headers headers, String name, long fallback) {
        String v = text(headers, name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            return n < 0 ? fallback : n;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
