package dev.sluice.answers.worker;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.RetryHeaders;
import dev.sluice.answers.messages.RetryNotice;
import dev.sluice.answers.retry.RetryDecision;
import dev.sluice.answers.retry.RetryKind;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a decision about one consumed record into the record the worker publishes: a
 * {@link GeneratedAnswer}, a delayed {@link QuestionTask} for a retry tier, or a {@link DeadLetter}
 * naming the original topic, partition and offset. Every output is keyed by question id, so all
 * attempts of a question stay on one partition.
 */
final class WorkerRecords {
    /** Deferrals in a row (no LLM call) behind a task; travels through the delay scheduler, which keeps headers. */
    static final String DEFERRALS = RetryHeaders.DEFERRALS;

    private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);
    private static final JsonSerde<GeneratedAnswer> ANSWERS = JsonSerde.of(GeneratedAnswer.class);
    private static final JsonSerde<DeadLetter> DEAD_LETTERS = JsonSerde.of(DeadLetter.class);

    /** As much of an unreadable record as a dead letter keeps; as the scoring job's and storage's. */
    static final int MAX_PAYLOAD_CHARS = 100_000;
    /** Longer keys are not question ids; a dead letter leaves them out rather than grow past the size limit. */
    static final int MAX_KEY_BYTES = 1_024;

    private final Clock clock;
    private final Map<RetryKind, DelayedRecords> delayed = new EnumMap<>(RetryKind.class);

    WorkerRecords(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (RetryKind kind : RetryKind.values()) {
            delayed.put(kind, new DelayedRecords(kind.tiers(), clock));
        }
    }

    static JsonSerde<QuestionTask> tasks() {
        return TASKS;
    }

    /**
     * @param outcome the call's outcome class (overload, quota, empty, deferred, ...): what a retry
     *     record names as its error class, since {@link RetryDecision.Retry} files empty answers
     *     under the overload tiers
     */
    ProducerRecord<byte[], byte[]> output(
            ConsumerRecord<byte[], byte[]> in, QuestionTask task, RetryDecision decision, String outcome) {
        byte[] key = task.questionId().getBytes(StandardCharsets.UTF_8);
        if (decision instanceof RetryDecision.Publish p) {
            return new ProducerRecord<>(AnswersTopics.GENERATED, key, ANSWERS.toBytes(p.answer()));
        }
        if (decision instanceof RetryDecision.Retry r) {
            // Why it waits travels on the retry record itself (RetryHeaders): storage reads the retry
            // tiers to show a question as retrying, with the failed call, and needs no other event.
            Headers headers = RetryHeaders.failure(errorClass(r, outcome), r.reason(), clock.instant());
            if (r.deferral()) {
                headers.add(DEFERRALS, Integer.toString(deferrals(in) + 1).getBytes(StandardCharsets.UTF_8));
            }
            return delayed.get(r.kind()).after(AnswersTopics.PENDING, key, TASKS.toBytes(r.next()), headers, r.delay());
        }
        RetryDecision.GiveUp g = (RetryDecision.GiveUp) decision;
        return deadLetter(in, task.questionId(), task.attempt(), g.errorClass(), g.reason(), g.detail());
    }

    private static String errorClass(RetryDecision.Retry r, String outcome) {
        if (r.deferral()) {
            return RetryNotice.DEFERRED;
        }
        return outcome == null || outcome.isBlank() ? r.kind().name().toLowerCase(Locale.ROOT) : outcome;
    }

    /** A record that is not a readable task: its raw payload goes to the DLQ with the parse failure. */
    ProducerRecord<byte[], byte[]> poison(ConsumerRecord<byte[], byte[]> in, String reason) {
        String id =
                in.key() == null || in.key().length > MAX_KEY_BYTES ? "" : new String(in.key(), StandardCharsets.UTF_8);
        return deadLetter(in, id, 0, "poison", reason, "");
    }

    private ProducerRecord<byte[], byte[]> deadLetter(
            ConsumerRecord<byte[], byte[]> in,
            String questionId,
            int attempt,
            String errorClass,
            String reason,
            String detail) {
        String payload = in.value() == null ? "" : new String(in.value(), StandardCharsets.UTF_8);
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            // JSON escaping can grow text sixfold: a whole record near the broker's limit would make a
            // dead letter the producer refuses, on every retry of the batch, and stall the worker.
            payload = payload.substring(0, MAX_PAYLOAD_CHARS) + "…(truncated)";
        }
        DeadLetter letter = new DeadLetter(
                questionId,
                attempt,
                errorClass,
                reason,
                in.topic(),
                in.partition(),
                in.offset(),
                detail,
                payload,
                clock.instant());
        byte[] key = in.key() == null || in.key().length > MAX_KEY_BYTES ? null : in.key();
        return new ProducerRecord<>(AnswersTopics.DLQ, key, DEAD_LETTERS.toBytes(letter));
    }

    /** Deferrals already behind this record; 0 when absent or unreadable (a bad header must not poison the task). */
    static int deferrals(ConsumerRecord<byte[], byte[]> in) {
        Header h = in.headers().lastHeader(DEFERRALS);
        if (h == null || h.value() == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
