package dev.sluice.answers.storage;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.RetryNotice;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.Parsed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll's worth of records, parsed and sorted by table. A record that cannot be read is logged
 * and kept as a {@code poison} dead letter (its origin is its own topic/partition/offset), so the
 * consumer carries on and the loss stays visible in the database.
 *
 * <p>Records from the retry tiers become {@link RetryNotice}s. One that cannot be read is only
 * logged: the delay scheduler forwards it to {@code questions.pending} as it is, where the worker
 * dead-letters it with its parse failure; a second dead letter here would count one loss twice.
 */
public record StorageBatch(
        List<ValidatedAnswer> validated,
        List<ScoredAttempt> scored,
        List<DeadLetter> deadLetters,
        List<RetryNotice> retries) {
    private static final Logger LOG = LoggerFactory.getLogger(StorageBatch.class);
    private static final JsonSerde<ValidatedAnswer> VALIDATED = JsonSerde.of(ValidatedAnswer.class);
    private static final JsonSerde<ScoredAttempt> SCORED = JsonSerde.of(ScoredAttempt.class);
    private static final JsonSerde<DeadLetter> DEAD = JsonSerde.of(DeadLetter.class);
    private static final int MAX_PAYLOAD_CHARS = 100_000;

    public StorageBatch {
        validated = List.copyOf(validated);
        scored = List.copyOf(scored);
        deadLetters = List.copyOf(deadLetters);
        retries = List.copyOf(retries);
    }

    /** A batch without retries (the shape before retries were stored). */
    public StorageBatch(List<ValidatedAnswer> validated, List<ScoredAttempt> scored, List<DeadLetter> deadLetters) {
        this(validated, scored, deadLetters, List.of());
    }

    public boolean isEmpty() {
        return validated.isEmpty() && scored.isEmpty() && deadLetters.isEmpty() && retries.isEmpty();
    }

    public int size() {
        return validated.size() + scored.size() + deadLetters.size() + retries.size();
    }

    public static StorageBatch of(ConsumerRecords<byte[], byte[]> records) {
        List<ValidatedAnswer> validated = new ArrayList<>();
        List<ScoredAttempt> scored = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        List<RetryNotice> retries = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            switch (r.topic()) {
                case AnswersTopics.VALIDATED -> add(VALIDATED.parse(r.value()), r, validated, dead);
                case AnswersTopics.SCORED -> add(SCORED.parse(r.value()), r, scored, dead);
                case AnswersTopics.DLQ -> add(DEAD.parse(r.value()).map(d -> withOrigin(d, r)), r, dead, dead);
                default -> addRetry(r, retries);
            }
        }
        return new StorageBatch(validated, scored, dead, retries);
    }

    private static void addRetry(ConsumerRecord<byte[], byte[]> r, List<RetryNotice> retries) {
        if (RetryNotice.kindOf(r.topic()) == null) {
            LOG.warn("Skipping a record from unexpected topic {}", r.topic());
            return;
        }
        Parsed<RetryNotice> parsed = RetryNotice.from(r);
        if (parsed.isOk()) {
            retries.add(parsed.value());
        } else {
            LOG.warn(
                    "Unreadable retry record at {}-{}@{} skipped (the worker dead-letters it when it is due): {}",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    parsed.reason());
        }
    }

    private static <T> void add(
            Parsed<T> parsed, ConsumerRecord<byte[], byte[]> r, List<T> into, List<DeadLetter> dead) {
        if (parsed.isOk()) {
            into.add(parsed.value());
            return;
        }
        LOG.warn(
                "Poison record at {}-{}@{} kept as a dead letter and skipped: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                parsed.reason());
        String payload = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            payload = payload.substring(0, MAX_PAYLOAD_CHARS);
        }
        dead.add(new DeadLetter(
                "",
                0,
                "poison",
                "storage could not read the record: " + parsed.reason(),
                r.topic(),
                r.partition(),
                r.offset(),
                null,
                payload,
                Instant.ofEpochMilli(r.timestamp())));
    }

    /**
     * A dead letter is stored under its original topic/partition/offset. One that names no origin
     * takes its own place in the DLQ instead: stable across replays, and unique.
     */
    private static DeadLetter withOrigin(DeadLetter d, ConsumerRecord<byte[], byte[]> r) {
        if (d.originalTopic() != null && !d.originalTopic().isBlank()) {
            return d;
        }
        return new DeadLetter(
                d.questionId(),
                d.attempt(),
                d.errorClass(),
                d.reason(),
                r.topic(),
                r.partition(),
                r.offset(),
                d.exception(),
                d.payload(),
                d.at());
    }
}
