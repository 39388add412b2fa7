package dev.sluice.answers.analysis.cache;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.GatewayRoutes;
import dev.sluice.answers.gateway.QuestionStore;
import dev.sluice.answers.gateway.StoredAnswer;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.gateway.cache.CacheStats;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.Outcome;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.http.HttpApp;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One configuration through the real gateway: {@link GatewayRoutes} on a real HTTP server (port 0)
 * over the real PostgreSQL, the sequence's questions POSTed one at a time by the load generator's
 * {@link HttpTarget}, the gateway's cache on the sequence's clock. One request at a time keeps the
 * order the replay assumes; the gateway's own counters, read after each request, say whether that
 * request was a hit, so its end-to-end latency is filed as a hit or a miss by what happened.
 */
public record GatewayRun(CacheStats stats, BitSet hitAt, Latency httpHit, Latency httpMiss, int publishes) {

    public static GatewayRun run(
            DataSource db, List<QaPair> questions, RequestSequence sequence, CacheSettings settings) throws Exception {
        SequenceClock clock = new SequenceClock();
        AnswerCache<String, StoredAnswer> cache = new AnswerCache<>(settings, clock);
        AtomicInteger publishes = new AtomicInteger();
        GatewayRoutes routes = new GatewayRoutes(
                new QuestionStore(db, QuestionStore.DEFAULT_LEASE),
                cache,
                task -> {
                    publishes.incrementAndGet();
                    throw new IllegalStateException("question " + task.questionId()
                            + " reached publish: every question of the cache experiment is stored, so none should");
                },
                clock);
        Javalin app = HttpApp.create(
                        new HttpSettings(0, 1 << 20),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        List.of(),
                        routes::register)
                .start();
        try {
            HttpTarget target = new HttpTarget(URI.create("http://127.0.0.1:" + app.port()), Duration.ofSeconds(30));
            int n = sequence.size();
            BitSet hitAt = new BitSet(n);
            long[] hitNanos = new long[n];
            long[] missNanos = new long[n];
            int hits = 0;
            int misses = 0;
            long seenHits = 0;
            for (int i = 0; i < n; i++) {
                clock.setOffset(sequence.offsetsMillis()[i]);
                QaPair q = questions.get(sequence.questions()[i]);
                long t0 = System.nanoTime();
                Outcome outcome = target.send(q).get();
                long took = System.nanoTime() - t0;
                if (outcome != Outcome.ANSWERED) {
                    throw new IllegalStateException("request " + i + " for stored question " + q.id()
                            + " was not answered from the cache or the database (" + outcome
                            + "); see the gateway's log above");
                }
                long nowHits = routes.cacheStats().hits();
                if (nowHits > seenHits) {
                    hitAt.set(i);
                    hitNanos[hits++] = took;
                } else {
                    missNanos[misses++] = took;
                }
                seenHits = nowHits;
            }
            return new GatewayRun(
                    routes.cacheStats(),
                    hitAt,
                    Latency.of("gateway POST, cache hit", java.util.Arrays.copyOf(hitNanos, hits)),
                    Latency.of("gateway POST, cache miss", java.util.Arrays.copyOf(missNanos, misses)),
                    publishes.get());
        } finally {
            app.stop();
        }
    }
}
