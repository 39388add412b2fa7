package dev.sluice.answers.gateway.cache;

/**
 * A snapshot of an {@link AnswerCache}'s counters. {@code evictions} counts entries dropped by the
 * policy to make room; {@code expirations} counts entries dropped because their TTL ran out.
 */
public record CacheStats(long hits, long misses, long evictions, long expirations, int size) {
    /** Hits over lookups, 0 before the first lookup. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
