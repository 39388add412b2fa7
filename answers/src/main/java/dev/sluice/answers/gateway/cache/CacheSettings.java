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

    /**
     * LRU over 10,000 answers for 1 hour, from the cache experiment (docs/analysis, section "cache"):
     * LRU because LFU, ahead on steady Zipf traffic, falls behind once bursts shift what is popular;
     * 10,000 answers (a few MB) hold the whole 4,387-question sample; 1 hour because a stored answer
     * never changes (its hit count is read from the database on every hit anyway) and, at the load
     * generator's 20 questions/s on Zipf 1.0, 10 minutes sent about 2.5 times as many requests to the
     * database (16.6% vs 6.5%); an hour still bounds how long a hand-edited row is served stale.
     */
    public static final CacheSettings DEFAULTS = new CacheSettings(CachePolicy.LRU, 10_000, Duration.ofHours(1));

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
        Objects.requireNonNull(ttl, TTL_KEY + ": required, e.g. 1h");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(
                    TTL_KEY + ": must be a positive duration such as 30s or 10m, was " + ttl);
        }
    }
}
