package dev.sluice.answers.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulator's quota: {@code burst} tokens refilled at {@code perSecond}. Time comes from the
 * injected clock, so tests drain and refill it without sleeping.
 */
final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private final Clock clock;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond, int burst, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastNanos = nanos();
    }

    /** Takes a token, or says how long until one is there. */
    synchronized Optional<Duration> take() {
        long now = nanos();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9)));
    }

    private long nanos() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
