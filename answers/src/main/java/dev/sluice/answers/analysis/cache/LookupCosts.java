package dev.sluice.answers.analysis.cache;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.QuestionStore;
import dev.sluice.answers.gateway.StoredAnswer;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CachePolicy;
import dev.sluice.answers.gateway.cache.CacheSettings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * What a hit and a miss cost, measured call by call: a hit is {@link AnswerCache#get} on a warm
 * cache of real stored answers; a miss is the gateway's own database read ({@link
 * QuestionStore#findAnswer}, its statement, through the connection pool) on a real PostgreSQL. The
 * hit-count update ({@link QuestionStore#recordHit}) is measured too: the gateway runs it on both
 * paths, so the cache does not save it. Questions are taken in the order of a request sequence.
 */
public record LookupCosts(Latency cacheHit, Latency databaseLookup, Latency hitCountUpdate) {
    private static final int WARM_UP = 200;

    public static LookupCosts measure(
            DataSource db, List<QaPair> questions, RequestSequence order, int databaseSamples, int cacheSamples)
            throws SQLException {
        QuestionStore store = new QuestionStore(db, QuestionStore.DEFAULT_LEASE);
        int[] q = order.questions();
        for (int i = 0; i < WARM_UP; i++) {
            store.findAnswer(questions.get(q[i % q.length]).id());
        }
        long[] lookups = new long[databaseSamples];
        for (int i = 0; i < databaseSamples; i++) {
            String id = questions.get(q[i % q.length]).id();
            long t0 = System.nanoTime();
            boolean found = store.findAnswer(id).isPresent();
            lookups[i] = System.nanoTime() - t0;
            if (!found) {
                throw new IllegalStateException("question " + id + " is not stored; the experiment stores every one");
            }
        }
        long[] updates = new long[databaseSamples];
        for (int i = 0; i < databaseSamples; i++) {
            String id = questions.get(q[i % q.length]).id();
            long t0 = System.nanoTime();
            store.recordHit(id);
            updates[i] = System.nanoTime() - t0;
        }

        AnswerCache<String, StoredAnswer> cache = new AnswerCache<>(
                new CacheSettings(CachePolicy.LRU, questions.size(), CacheReplay.NO_TTL), Clock.systemUTC());
        Instant now = Instant.now();
        for (QaPair p : questions) {
            cache.put(p.id(), StoredQuestions.answer(p, now));
        }
        String[] ids = questions.stream().map(QaPair::id).toArray(String[]::new);
        long sink = 0;
        for (int i = 0; i < 50_000; i++) { // let the JIT compile the cache's path first
            sink += cache.get(ids[q[i % q.length]]).map(a -> a.title().length()).orElse(0);
        }
        long[] hits = new long[cacheSamples];
        for (int i = 0; i < cacheSamples; i++) {
            String id = ids[q[i % q.length]];
            long t0 = System.nanoTime();
            sink += cache.get(id).isPresent() ? 1 : 0;
            hits[i] = System.nanoTime() - t0;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the loop's result alive
        }
        return new LookupCosts(
                Latency.of("cache hit (AnswerCache.get)", hits),
                Latency.of("database lookup (QuestionStore.findAnswer)", lookups),
                Latency.of("hit count update (QuestionStore.recordHit)", updates));
    }
}
