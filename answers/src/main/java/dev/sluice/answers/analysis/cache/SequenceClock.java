package dev.sluice.answers.analysis.cache;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the replay sets to each request's time, so a cache's TTL sees the sequence's time, not
 * the machine's: an hour of traffic replays in a second. Thread-safe, because the gateway reads it
 * on a server thread while the experiment sets it on its own.
 */
public final class SequenceClock extends Clock {
    /** The sequence's time 0 (any fixed instant would do; this one reads well in logs). */
    public static final long START_MILLIS =
            Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private final AtomicLong millis = new AtomicLong(START_MILLIS);

    /** Moves to {@code offsetMillis} after the sequence's start. */
    public void setOffset(long offsetMillis) {
        millis.set(START_MILLIS + offsetMillis);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a sequence clock is UTC only");
    }
}
