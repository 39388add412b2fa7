package dev.sluice.platform.service;

import java.time.Duration;

/**
 * The wait before a failed session is rebuilt: {@code min}, doubled with every failure in a row,
 * at most {@code max}. A session that had been polling for at least {@code healthyAfter} when it
 * failed starts the count again, so a service that fails once a day waits {@code min}, while one
 * that cannot get going (broker down, database gone) backs off to {@code max} instead of
 * hammering the dependency.
 */
public record Backoff(Duration min, Duration max, Duration healthyAfter) {
    /** 1 s doubling to 10 s; a session polling for 30 s counts as healthy. */
    public static final Backoff DEFAULT =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(30));

    public Backoff {
        if (min == null || min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("session backoff min must be positive, e.g. 1s, was " + min);
        }
        if (max == null || max.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "session backoff max must be at least min (" + min + "), e.g. 10s, was " + max);
        }
        if (healthyAfter == null || healthyAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "session backoff healthyAfter must be zero or more, e.g. 30s, was " + healthyAfter);
        }
    }

    /** From {@code min}, with the default maximum (or {@code min} if larger) and healthy time. */
    public static Backoff startingAt(Duration min) {
        Duration max = DEFAULT.max.compareTo(min) < 0 ? min : DEFAULT.max;
        return new Backoff(min, max, DEFAULT.healthyAfter);
    }

    /** The wait after the {@code failuresInARow}-th failure in a row (1 for the first). */
    public Duration delay(int failuresInARow) {
        if (failuresInARow < 1) {
            throw new IllegalArgumentException("failuresInARow starts at 1, was " + failuresInARow);
        }
        int doublings = Math.min(failuresInARow - 1, 30);
        long millis = min.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
