package dev.sluice.answers.gateway.cache;

import java.time.Clock;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The gateway's in-memory cache of stored answers, with a selectable eviction policy (LRU, LFU,
 * FIFO), a maximum size, a time to live after write, and hit/miss/eviction/expiration counters.
 *
 * <p>Why hand-written: the policy is what the experiments compare, and Caffeine (the well-kept
 * choice) offers only its own adaptive W-TinyLFU, with no way to select plain LRU, LFU or FIFO.
 * This class stays small: one insertion-ordered map (which, since every entry lives the same TTL
 * from its write, is also expiry order) and one ordered set ranking entries for eviction.
 * Every operation is O(log n) and {@code synchronized}; a lookup is microseconds next to the
 * database round trip it saves, so one lock is not the bottleneck.
 *
 * <p>Time comes from an injected {@link Clock}, so TTL tests move a manual clock instead of waiting.
 */
public final class AnswerCache<K, V> {
    private final CachePolicy policy;
    private final int maxSize;
    private final long ttlMillis;
    private final Clock clock;
    // insertion (= write) order, hence expiry order: the stalest entry is always first
    private final LinkedHashMap<K, Entry<K, V>> entries = new LinkedHashMap<>();
    // the eviction candidate first
    private final TreeSet<Entry<K, V>> ranking;
    private long sequence;
    private long hits;
    private long misses;
    private long evictions;
    private long expirations;

    public AnswerCache(CacheSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        this.policy = settings.policy();
        this.maxSize = settings.maxSize();
        this.ttlMillis = settings.ttl().toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ranking = new TreeSet<>(order(policy));
    }

    /** The value if present and not expired; counts a hit or a miss. */
    public synchronized Optional<V> get(K key) {
        Objects.requireNonNull(key, "key");
        long now = clock.millis();
        Entry<K, V> entry = entries.get(key);
        if (entry != null && entry.expiresAt <= now) {
            remove(entry);
            expirations++;
            entry = null;
        }
        if (entry == null) {
            misses++;
            return Optional.empty();
        }
        hits++;
        ranking.remove(entry);
        entry.uses++;
        entry.lastUse = ++sequence;
        ranking.add(entry);
        return Optional.of(entry.value);
    }

    /** Stores or replaces a value; a replaced entry starts a new TTL and keeps its use count (LFU). */
    public synchronized void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        long now = clock.millis();
        Entry<K, V> old = entries.get(key);
        long uses = 0;
        if (old != null) {
            remove(old);
            uses = old.uses;
        }
        dropExpired(now);
        while (entries.size() >= maxSize) {
            remove(ranking.first());
            evictions++;
        }
        long seq = ++sequence;
        Entry<K, V> entry = new Entry<>(key, value, now + ttlMillis, seq, uses, seq);
        entries.put(key, entry);
        ranking.add(entry);
    }

    public synchronized void invalidate(K key) {
        Entry<K, V> entry = entries.get(key);
        if (entry != null) {
            remove(entry);
        }
    }

    public synchronized CacheStats stats() {
        return new CacheStats(hits, misses, evictions, expirations, entries.size());
    }

    public CachePolicy policy() {
        return policy;
    }

    // Expired entries go before the policy is asked, so an expired entry never costs a live one its place.
    private void dropExpired(long now) {
        Iterator<Entry<K, V>> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry<K, V> head = it.next();
            if (head.expiresAt > now) {
                return;
            }
            it.remove();
            ranking.remove(head);
            expirations++;
        }
    }

    private void remove(Entry<K, V> entry) {
        entries.remove(entry.key);
        ranking.remove(entry);
    }

    /** Sequence numbers are unique, so each order is total and the TreeSet never merges two entries. */
    private static <K, V> Comparator<Entry<K, V>> order(CachePolicy policy) {
        return switch (policy) {
            case FIFO -> Comparator.comparingLong(e -> e.inserted);
            case LRU -> Comparator.comparingLong(e -> e.lastUse);
            case LFU -> Comparator.<Entry<K, V>>comparingLong(e -> e.uses).thenComparingLong(e -> e.lastUse);
        };
    }

    private static final class Entry<K, V> {
        final K key;
        final V value;
        final long expiresAt;
        final long inserted;
        long uses;
        long lastUse;

        Entry(K key, V value, long expiresAt, long inserted, long uses, long lastUse) {
            this.key = key;
            this.value = value;
            this.expiresAt = expiresAt;
            this.inserted = inserted;
            this.uses = uses;
            this.lastUse = lastUse;
        }
    }

    @Override
    public String toString() {
        return "AnswerCache[" + policy + ", max " + maxSize + ", ttl " + ttlMillis + "ms, " + stats() + "]";
    }
}
