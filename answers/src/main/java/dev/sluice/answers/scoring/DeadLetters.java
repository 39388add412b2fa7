package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The scoring job's side output for records it gives up on, and the two reasons it has. */
public final class DeadLetters {
    /** Both the parser and the decider write here; the job unions them into one DLQ sink. */
    public static final OutputTag<DeadLetter> TAG =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    public static final String POISON = "poison";
    public static final String SCORING = "scoring";

    // a dead letter must stay well below the broker's max message size even for a huge poison record
    static final int MAX_PAYLOAD_CHARS = 100_000;

    private DeadLetters() {}

    static DeadLetter poison(RawRecord record, String reason, Instant at) {
        String payload = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        return new DeadLetter(
                "",
                0,
                POISON,
                reason,
                record.topic(),
                record.partition(),
                record.offset(),
                null,
                truncate(payload),
                at);
    }

    static DeadLetter scoringFailed(ReceivedAnswer received, String payload, Exception e, Instant at) {
        String reason = "could not score attempt " + received.answer().attempt() + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return new DeadLetter(
                received.questionId(),
                received.answer().attempt(),
                SCORING,
                reason,
                received.topic(),
                received.partition(),
                received.offset(),
                e.toString(),
                truncate(payload),
                at);
    }

    private static String truncate(String payload) {
        return payload.length() <= MAX_PAYLOAD_CHARS
                ? payload
                : payload.substring(0, MAX_PAYLOAD_CHARS) + "…(truncated)";
    }
}
