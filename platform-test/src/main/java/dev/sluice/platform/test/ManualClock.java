package dev.sluice.platform.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when the test says so, for code that takes an injected {@link Clock}
 * (backoff, leases, delay topics): {@link #advance} or {@link #set} it instead of sleeping. Safe to
 * read and move from several threads; clocks made by {@link #withZone} share its time.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at("2026-01-01T10:00:00Z");
 * RetryPolicy policy = new RetryPolicy(settings, clock, random);
 * clock.advance(Duration.ofSeconds(5));
 * }</pre>
 */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public ManualClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start instant")), ZoneOffset.UTC);
    }

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** @param isoInstant e.g. {@code 2026-01-01T10:00:00Z} */
    public static ManualClock at(String isoInstant) {
        return new ManualClock(Instant.parse(isoInstant));
    }

    public static ManualClock ofEpochMilli(long epochMillis) {
        return new ManualClock(Instant.ofEpochMilli(epochMillis));
    }

    /** Moves the clock forward; to go back in time use {@link #set}. */
    public Instant advance(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(
                    "advance needs a duration of zero or more, was " + d + "; use set(instant) to move the clock back");
        }
        return now.updateAndGet(i -> i.plus(d));
    }

    /** Puts the clock at this instant, forward or back. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new ManualClock(now, zone);
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
