package dev.sluice.answers.messages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Headers;

/**
 * Headers the LLM worker puts on every record that follows an LLM call (an answer on
 * {@code answers.generated}, a retry record, a dead letter): when the call began and how long it
 * took, on the worker's clock. Nothing in the pipeline acts on them; they let an analysis tell the
 * time a task waited for the worker (queue) from the call itself and from the worker's batch
 * commit after it (the report's time-breakdown section). A task held back without a call has none.
 *
 * <p>Values are UTF-8 decimal text (epoch milliseconds, milliseconds), readable in any Kafka tool.
 * The worker writes them on a fresh record each time, so a retried task's earlier call never
 * overwrites its latest one; readers take the last header of each name.
 */
public final class LlmCallHeaders {
    /** Epoch milliseconds at which the worker asked the LLM client (its call-slot wait included). */
    public static final String STARTED_AT = "sluice.llm.call-started-at";
    /** How long the call took, in milliseconds: the {@code LlmOutcome}'s latency. */
    public static final String DURATION_MS = "sluice.llm.call-ms";

    private LlmCallHeaders() {}

    public static void add(Headers headers, Instant startedAt, Duration took) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(took, "took");
        headers.remove(STARTED_AT);
        headers.remove(DURATION_MS);
        headers.add(STARTED_AT, Long.toString(startedAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        headers.add(DURATION_MS, Long.toString(took.toMillis()).getBytes(StandardCharsets.UTF_8));
    }

    /** When the call began; empty when the record carries no (readable) header. */
    public static OptionalLong startedAt(Headers headers) {
        return number(headers, STARTED_AT);
    }

    /** How long the call took, in ms; empty when the record carries no (readable) header. */
    public static OptionalLong durationMs(Headers headers) {
        return number(headers, DURATION_MS);
    }

    private static OptionalLong number(Headers headers, String name) {
        long v = RetryHeaders.number(headers, name, -1);
        return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
