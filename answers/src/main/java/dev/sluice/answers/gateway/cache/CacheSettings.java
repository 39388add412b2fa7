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

  public CacheSettings {
    Objects.requireNonNull(policy, POLICY_KEY + ": required, one of LRU, LFU, FIFO");
    if (maxSize < 1) {
      throw new IllegalArgumentException(SIZE_KEY + ": must be at least 1 entry, was " + maxSize);
    }
    Objects.requireNonNull(ttl, TTL_KEY + ": required, e.g. 10m");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException(TTL_KEY + ": must be a positive duration such as 30s or 10m, was " + ttl);
    }
  }
}
