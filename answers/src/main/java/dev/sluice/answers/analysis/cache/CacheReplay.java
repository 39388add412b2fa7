package dev.sluice.answers.analysis.cache;

import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.gateway.cache.CacheStats;
import java.time.Duration;
import java.util.BitSet;

/**
 * Replays a request sequence against the real {@link AnswerCache}, doing what the gateway does on
 * a {@code POST} (GatewayRoutes): look the question up in the cache; on a miss, read it from the
 * database and put it in the cache. The clock is the sequence's, so a TTL expires in sequence time.
 * Keys and values are question indexes: the cache's decisions depend on keys and times only.
 */
public final class CacheReplay {
    /** "No TTL" for a cache that requires one: a century, longer than any run. */
    public static final Duration NO_TTL = Duration.ofDays(36_500);

    private CacheReplay() {}

    /**
     * What a replay counted. {@code hitAt} marks the requests the cache answered; every other
     * request cost one database lookup.
     */
    public record Result(long requests, long hits, long evictions, long expirations, BitSet hitAt) {
        public double hitRate() {
            return requests == 0 ? 0 : (double) hits / requests;
        }

        /** Database lookups (the gateway's {@code findAnswer}): one per miss. */
        public long databaseLookups() {
            return requests - hits;
        }
    }

    /** No cache: every request is a database lookup. */
    public static Result withoutCache(RequestSequence sequence) {
        return new Result(sequence.size(), 0, 0, 0, new BitSet());
    }

    public static Result replay(RequestSequence sequence, CacheSettings settings) {
        SequenceClock clock = new SequenceClock();
        AnswerCache<Integer, Integer> cache = new AnswerCache<>(settings, clock);
        BitSet hitAt = new BitSet(sequence.size());
        int[] questions = sequence.questions();
        long[] offsets = sequence.offsetsMillis();
        for (int i = 0; i < questions.length; i++) {
            clock.setOffset(offsets[i]);
            Integer q = questions[i];
            if (cache.get(q).isPresent()) {
                hitAt.set(i);
            } else {
                cache.put(q, q); // the answer just read from the database
            }
        }
        CacheStats stats = cache.stats();
        if (stats.hits() != hitAt.cardinality() || stats.hits() + stats.misses() != questions.length) {
            throw new IllegalStateException("replay and cache disagree on the counts: " + stats + " for "
                    + questions.length + " requests, " + hitAt.cardinality() + " hits seen");
        }
        return new Result(questions.length, stats.hits(), stats.evictions(), stats.expirations(), hitAt);
    }
}
