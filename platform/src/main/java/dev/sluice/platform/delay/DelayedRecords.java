package dev.sluice.platform.delay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the record that asks the delay scheduler to deliver {@code key/value} to a target topic
 * at a due time. Callers send it with their own producer, so scheduling can join the caller's
 * Kafka transaction (the orders processor emits a state change and schedules the next one
 * atomically).
 */
public final class DelayedRecords {
    private final DelayTiers tiers;
    private final Clock clock;

    public DelayedRecords(DelayTiers tiers, Clock clock) {
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ProducerRecord<byte[], byte[]> after(
            String target, byte[] key, byte[] value, Headers headers, Duration delay) {
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        return at(target, key, value, headers, clock.instant().plus(delay));
    }

    public ProducerRecord<byte[], byte[]> at(String target, byte[] key, byte[] value, Headers headers, Instant due) {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target topic is required for a delayed record");
        }
        Objects.requireNonNull(due, "due");
        Duration delay = Duration.between(clock.instant(), due);
        DelayTier tier = tiers.tierFor(delay.isNegative() ? Duration.ZERO : delay);
        RecordHeaders h = new RecordHeaders(headers == null ? new RecordHeaders().toArray() : headers.toArray());
        h.remove(DelayHeaders.TARGET);
        h.remove(DelayHeaders.DUE);
        h.add(DelayHeaders.TARGET, DelayHeaders.bytes(target));
        h.add(DelayHeaders.DUE, DelayHeaders.bytes(Long.toString(due.toEpochMilli())));
        return new ProducerRecord<>(tier.topic(), null, key, value, h);
    }

    public DelayTiers tiers() {
        return tiers;
    }
}
