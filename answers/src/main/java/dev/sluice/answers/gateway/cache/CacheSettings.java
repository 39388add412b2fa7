package dev.sluice.answers.gateway.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * The gateway cache's configuration: which entry to evict, how many answers to keep and how long
 * one may be served before the database is asked again. Compared by experiment (DESIGN.md).
 */
public record CacheSettings(CachePolicy policy, int maxSize, Duration ttl) {
    public static final String POLICY_KEY = "answers.gateway.cache.policy";
    public static final String SIZE_KEY = "answers.gateway.cache.size";
    public static final String TTL_KEY = "answers.gateway.cache.ttl";

    /** LRU over 10,000 answers for 10 minutes: a stored answer rarely changes, and 10k answers are a few MB. */
    public static final CacheSettings DEFAULTS = new CacheSettings(CachePolicy.LRU, 10_000, Duration.ofMinutes(10));

    /**
     * From the application keys ({@code answers.gateway.cache.policy}, {@code .size}, {@code .ttl});
     * a missing key keeps its default. A bad value names the key and what is accepted.
     */
    public static CacheSettings fromConfig(java.util.Map<String, String> extra) {
        String policy = extra.get(POLICY_KEY);
        String size = extra.get(SIZE_KEY);
        String ttl = extra.get(TTL_KEY);
        return new CacheSettings(
                policy == null
                        ? DEFAULTS.policy()
                        : dev.sluice.platform.config.Values.choice(POLICY_KEY, policy, CachePolicy.class),
                size == null ? DEFAULTS.maxSize() : dev.sluice.platform.config.Values.intAtLeast(SIZE_KEY, size, 1),
                ttl == null ? DEFAULTS.ttl() : dev.sluice.platform.config.Values.duration(TTL_KEY, ttl));
    }

    public CacheSettings {
        Objects.requireNonNull(policy, POLICY_KEY + ": required, one of LRU, LFU, FIFO");
        if (maxSize < 1) {
            throw new IllegalArgumentException(SIZE_KEY + ": must be at least 1 entry, was " + maxSize);
        }
        Objects.requireNonNull(ttl, TTL_KEY + ": required, e.g. 10m");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(
                    TTL_KEY + ": must be a positive duration such as 30s or 10m, was " + ttl);
        }
    }
}
