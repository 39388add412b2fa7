package dev.sluice.answers.analysis;

import dev.sluice.answers.analysis.cache.CacheCharts;
import dev.sluice.answers.analysis.cache.CacheReplay;
import dev.sluice.answers.analysis.cache.CacheSweep;
import dev.sluice.answers.analysis.cache.CacheSweep.Point;
import dev.sluice.answers.analysis.cache.GatewayRun;
import dev.sluice.answers.analysis.cache.Latency;
import dev.sluice.answers.analysis.cache.LookupCosts;
import dev.sluice.answers.analysis.cache.RequestSequence;
import dev.sluice.answers.gateway.cache.CacheSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The cache experiment's charts, CSVs, tables and the Markdown that answers from them. */
final class CacheReport {
    private static final List<String> POLICIES = List.of("LRU", "LFU", "FIFO");

    private final ExperimentContext context;
    private final int universe;
    private final Path data;
    private final CacheExperiment.Scale scale;
    private final CacheSweep sweep;
    private final List<Point> points;
    private final LookupCosts costs;
    private final GatewayRun gateway;
    private final CacheReplay.Result httpReplay;
    private final RequestSequence httpSequence;
    private final CacheSettings httpSettings;
    private final String machine;
    private final Map<String, Point> byKey = new HashMap<>();
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Object> numbers = new LinkedHashMap<>();

    CacheReport(
            ExperimentContext context,
            int universe,
            Path data,
            CacheExperiment.Scale scale,
            CacheSweep sweep,
            List<Point> points,
            LookupCosts costs,
            GatewayRun gateway,
            CacheReplay.Result httpReplay,
            RequestSequence httpSequence,
            CacheSettings httpSettings,
            String machine) {
        this.context = context;
        this.universe = universe;
        this.data = data;
        this.scale = scale;
        this.sweep = sweep;
        this.points = points;
        this.costs = costs;
        this.gateway = gateway;
        this.httpReplay = httpReplay;
        this.httpSequence = httpSequence;
        this.httpSettings = httpSettings;
        this.machine = machine;
        for (Point p : points) {
            if (!p.defaultSize()) {
                byKey.put(key(p.popularity(), p.arrival(), p.policy(), p.sizeFraction(), p.ttl()), p);
            }
        }
    }

    private static String key(String popularity, String arrival, String policy, double size, Duration ttl) {
        return popularity + "|" + arrival + "|" + policy + "|"
                + (policy.equals(CacheSweep.NO_CACHE) ? 0 : Math.round(size * 1000)) + "|"
                + (policy.equals(CacheSweep.NO_CACHE) ? "none" : CacheSweep.ttlLabel(ttl));
    }

    /** A grid point's hit rate. */
    double rate(String popularity, String arrival, String policy, double size, Duration ttl) {
        Point p = byKey.get(key(popularity, arrival, policy, size, ttl));
        if (p == null) {
            throw new IllegalStateException("no replay for " + popularity + ", " + arrival + ", " + policy + ", " + size
                    + ", TTL " + CacheSweep.ttlLabel(ttl));
        }
        return p.result().hitRate();
    }

    private double rate(String popularity, String arrival, String policy, double size) {
        return rate(popularity, arrival, policy, size, CacheReplay.NO_TTL);
    }

    private Point atDefaultSize(String popularity, String arrival, Duration ttl) {
        return points.stream()
                .filter(p -> p.defaultSize()
                        && p.popularity().equals(popularity)
                        && p.arrival().equals(arrival)
                        && p.ttl().equals(ttl))
                .findFirst()
                .orElseThrow();
    }

    Section section(String id, String title) throws IOException {
        sweepCsv();
        hitRateBySize();
        ttlChart();
        arrivalsChart();
        latencyChart();
        gatewayChart();
        Table best = bestTable();

        StringBuilder md = new StringBuilder();
        md.append(intro());
        md.append("\n### Hit rate by size, policy and popularity\n\n");
        md.append("![Hit rate vs cache size per policy, one panel per popularity](cache-hit-rate-by-size.png)\n\n");
        md.append(expectedTable().markdown()).append('\n');
        md.append("### Best configuration per popularity\n\n");
        md.append(
                "Without TTL, the best configuration is always the largest cache; the question is which policy wins at each"
                        + " size. Each cell: the best policy at that size, its hit rate, and its lead over the runner-up"
                        + " (hit-rate points).\n\n");
        md.append(best.markdown()).append('\n');
        md.append("### Poisson vs bursty, and what timing alone does\n\n");
        md.append("![Poisson vs bursty arrivals at Zipf 1.0, per policy](cache-arrivals.png)\n\n");
        md.append(timingTable().markdown()).append('\n');
        md.append(timingText()).append("\n\n");
        md.append("### TTL\n\n");
        md.append("![Hit rate vs TTL at the default size, Poisson and bursty](cache-ttl.png)\n\n");
        md.append(ttlTable().markdown()).append('\n');
        md.append("### Hits vs misses, measured\n\n");
        md.append(
                "![Latency of a hit and a miss: the cache, PostgreSQL, and the gateway over HTTP](cache-latency.png)\n\n");
        md.append(latencyTable().markdown()).append('\n');
        md.append(costText()).append("\n\n");
        md.append("### The gateway over HTTP against the replay\n\n");
        md.append(
                "![Cumulative hit rate: the gateway over HTTP and the replay of the same requests](cache-gateway.png)\n\n");
        md.append(gatewayText()).append("\n\n");
        md.append("### Answer\n\n").append(answer()).append("\n\n");
        md.append("### The defaults\n\n").append(defaults()).append('\n');
        return new Section(id, title, md.toString(), files, numbers);
    }

    // ---- the text ----

    private String intro() {
        RequestSequence poisson = sweep.sequence(CacheExperiment.EXPECTED, CacheSweep.POISSON);
        double span = poisson.spanMillis() / 60_000.0;
        return String.format(
                Locale.ROOT,
                """
                Which eviction policy, size and TTL should the gateway's answer cache have, and what does a hit save?
                **Data:** the %,d distinct questions of `%s`%s as the universe (each stored in `answers.questions`).
                **LLM:** none: the cache holds answers already in the database, so the rows carry the community's best
                answer in place of an LLM answer (it gives them a real answer's size; the cache never looks at content).%s

                **Method.** Every sequence is generated once from its own seed (one per popularity/arrival pair,
                derived from the report seed %d) and replayed, request by request, against the real `AnswerCache`
                directly, doing what the gateway does on a POST: look up; on a miss read the database and put the
                answer in. The cache's clock is the sequence's, so a TTL expires in traffic time. %,d requests per
                sequence at %.0f/s on average (the load generator's default rate), so a sequence spans %.0f minutes;
                the Poisson sequences are what `sluice answers load` sends for the same seed, draw for draw (a unit
                test checks it). Sizes are %s of the distinct questions; TTLs none, 1 minute, 10 minutes (the
                default before this experiment) and 1 hour (the default now), chosen against that span: at %.0f/s a uniformly asked question comes back every
                %.0f s on average, a Zipf 1.0 question of rank 100 every %.0f s.

                **Bursty traffic** is a two-state Markov-modulated Poisson process: calm and burst periods of
                exponential length (bursts %.0f s on average, %.0f%% of the time, at %.0fx the calm rate, so %.0f%% of
                the requests arrive in bursts and the mean rate stays %.0f/s). Each burst draws a new hot set of %d
                questions uniformly from all of them, and asks one of those with probability %.0f%%; the rest follow
                the base popularity. The MMPP is the usual small model of bursty request traffic; the hot set is
                what makes it a Q&A burst (a topic in the news brings questions nobody asked before, and they go cold
                when it ends). A third sequence per popularity, the control, asks the Poisson sequence's questions in
                the same order at the bursty sequence's times: only the timing changes.

                A miss's cost is measured on a real PostgreSQL (embedded, the answers schema by the real migrations)
                with the gateway's own `QuestionStore.findAnswer`; a hit's on the real `AnswerCache`; and one
                configuration runs through the real gateway (`GatewayRoutes` on an HTTP server, the same PostgreSQL)
                to check the replay against it.%s
                """,
                universe,
                data,
                data.getFileName().toString().equals("yahoo-answers-4387.csv")
                        ? " (the shipped 4,387-pair Yahoo! Answers sample)"
                        : "",
                "",
                context.seed(),
                scale.requests(),
                CacheExperiment.RATE,
                span,
                percents(scale.sizes()),
                CacheExperiment.RATE,
                universe / CacheExperiment.RATE,
                zipfGapSeconds(100),
                sweep.bursty().meanBurst().toSeconds() * 1.0,
                sweep.bursty().burstTimeShare() * 100,
                sweep.bursty().burstFactor(),
                sweep.bursty().burstRequestShare() * 100,
                sweep.bursty().meanRate(),
                sweep.bursty().hotSetSize(),
                sweep.bursty().hotShare() * 100,
                context.quick()
                        ? "\n\n*Quick run: " + scale.requests() + " requests per sequence, sizes "
                                + percents(scale.sizes()) + "; the numbers are noisier than a full run's.*"
                        : "");
    }

    private double zipfGapSeconds(int rank) {
        double h = 0;
        for (int k = 1; k <= universe; k++) {
            h += 1.0 / k;
        }
        double p = (1.0 / rank) / h;
        return 1 / (p * CacheExperiment.RATE);
    }

    private static String percents(List<Double> sizes) {
        return String.join(
                ", ", sizes.stream().map(s -> Math.round(s * 100) + "%").toList());
    }

    private double largest() {
        return scale.sizes().get(scale.sizes().size() - 1);
    }

    private String timingText() {
        double worst = 0;
        for (String pop : sweep.popularities()) {
            for (String policy : POLICIES) {
                for (double size : scale.sizes()) {
                    worst = Math.max(
                            worst,
                            Math.abs(rate(pop, CacheSweep.POISSON, policy, size)
                                    - rate(pop, CacheSweep.BURSTY_TIMING, policy, size)));
                }
            }
        }
        double ttlGap = Math.abs(rate(
                        CacheExperiment.EXPECTED, CacheSweep.POISSON, "LRU", largest(), Duration.ofMinutes(1))
                - rate(CacheExperiment.EXPECTED, CacheSweep.BURSTY_TIMING, "LRU", largest(), Duration.ofMinutes(1)));
        numbers.put("timingOnly.maxHitRateDifferenceWithoutTtl", worst);
        numbers.put("timingOnly.lru.zipf-1.0.ttl-1m.hitRateDifference", ttlGap);
        return String.format(
                Locale.ROOT,
                "**Arrival time matters only through the TTL.** LRU, LFU and FIFO decide by the order of requests, never"
                        + " by their times: the control (Poisson questions at bursty times) has exactly the Poisson hit"
                        + " rate for every policy, size and popularity without TTL (largest difference over the grid:"
                        + " %.4f), while with a 1-minute TTL the same requests at bursty times differ by %.1f points"
                        + " (LRU, %d%%, Zipf 1.0). What the bursty sequences change beyond that comes from what a burst"
                        + " asks: a shifting hot set.",
                worst,
                ttlGap * 100,
                Math.round(largest() * 100));
    }

    private String costText() {
        Latency hit = costs.cacheHit();
        Latency miss = costs.databaseLookup();
        double expectedHit = rate(CacheExperiment.EXPECTED, CacheSweep.POISSON, "LRU", largest());
        numbers.put("latency.cacheHit.p50Micros", hit.p50Micros());
        numbers.put("latency.databaseLookup.p50Micros", miss.p50Micros());
        numbers.put("latency.hitCountUpdate.p50Micros", costs.hitCountUpdate().p50Micros());
        numbers.put("latency.httpHit.p50Micros", gateway.httpHit().p50Micros());
        numbers.put("latency.httpMiss.p50Micros", gateway.httpMiss().p50Micros());
        return String.format(
                Locale.ROOT,
                "A hit costs %.2f µs at the median on the cache (%.2f µs p99, the timer's own cost included); a miss's"
                        + " database lookup %.0f µs (%.0f µs p99): %.0fx more. Over HTTP the gap shrinks to %.0f vs %.0f µs"
                        + " at the median, because the gateway also updates the hit count in PostgreSQL on **every**"
                        + " answered request, hit or miss (`recordHit`, %.0f µs): the cache saves one of the two"
                        + " statements a repeat costs, not both. Each hit is one `findAnswer` SELECT saved: at %.0f"
                        + " requests/s and the %.0f%% LRU hit rate of Zipf 1.0 at %d%% size, that is %.1f lookups/s"
                        + " and about %.1f ms of database time per second. The machine while measuring: %s;"
                        + " on a shared, loaded machine the tails (p99) are the machine's more than the code's.",
                hit.p50Micros(),
                hit.p99Micros(),
                miss.p50Micros(),
                miss.p99Micros(),
                miss.p50Micros() / Math.max(hit.p50Micros(), 1e-3),
                gateway.httpHit().p50Micros(),
                gateway.httpMiss().p50Micros(),
                costs.hitCountUpdate().p50Micros(),
                CacheExperiment.RATE,
                expectedHit * 100,
                Math.round(largest() * 100),
                expectedHit * CacheExperiment.RATE,
                expectedHit * CacheExperiment.RATE * miss.meanMicros() / 1000,
                machine);
    }

    private String gatewayText() {
        int differ = CacheExperiment.disagreements(gateway.hitAt(), httpReplay.hitAt());
        double gatewayRate = gateway.stats().hitRatio();
        numbers.put("gateway.requests", httpSequence.size());
        numbers.put("gateway.hitRate", gatewayRate);
        numbers.put("gateway.replayHitRate", httpReplay.hitRate());
        numbers.put("gateway.requestsWhereHitOrMissDiffers", differ);
        return String.format(
                Locale.ROOT,
                "The first %,d requests of the Zipf 1.0 Poisson sequence, POSTed one at a time to the real gateway"
                        + " (%s, its clock set to each request's time): the gateway counted %,d hits (%.4f), the replay"
                        + " of the same requests %,d (%.4f); hit or miss differs on %d request(s), expirations %d vs %d."
                        + " %s One request at a time is what makes them comparable request by request: with requests"
                        + " in flight together, the gateway's order is the server's, not the sequence's.",
                httpSequence.size(),
                CacheExperiment.describe(httpSettings),
                gateway.stats().hits(),
                gatewayRate,
                httpReplay.hits(),
                httpReplay.hitRate(),
                differ,
                gateway.stats().expirations(),
                httpReplay.expirations(),
                differ == 0
                        ? "They agree exactly, so the replay's grid stands for the gateway."
                        : "They should agree exactly; the difference is a finding to chase.");
    }

    private String answer() {
        String e = CacheExperiment.EXPECTED;
        double small = scale.sizes().get(0);
        double big = largest();
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "Popularity decides almost everything. Uniform traffic gets what the cache's share of the questions"
                        + " buys and no more (%.1f%% at %d%% size with LRU), while Zipf 1.2 gets %.1f%% from the same"
                        + " cache and Zipf 1.0 %.1f%%; no cache is 0 by construction (every request a database"
                        + " lookup). ",
                rate("uniform", CacheSweep.POISSON, "LRU", big) * 100,
                Math.round(big * 100),
                rate("zipf-1.2", CacheSweep.POISSON, "LRU", big) * 100,
                rate(e, CacheSweep.POISSON, "LRU", big) * 100));
        s.append(String.format(
                Locale.ROOT,
                "On steady (Poisson) Zipf 1.0 traffic LFU leads LRU by %.1f points at %d%% size and %.1f at %d%%, and"
                        + " FIFO trails LRU by %.1f at %d%%: with a fixed popularity, counting uses is the better"
                        + " predictor. On bursty traffic, the order flips where it hurts: LRU %s LFU by %.1f points at"
                        + " %d%% and %.1f at %d%%, because LFU keeps each finished burst's hot questions (their counts"
                        + " are high) while the next burst's are evicted before they can count. ",
                (rate(e, CacheSweep.POISSON, "LFU", small) - rate(e, CacheSweep.POISSON, "LRU", small)) * 100,
                Math.round(small * 100),
                (rate(e, CacheSweep.POISSON, "LFU", big) - rate(e, CacheSweep.POISSON, "LRU", big)) * 100,
                Math.round(big * 100),
                (rate(e, CacheSweep.POISSON, "LRU", big) - rate(e, CacheSweep.POISSON, "FIFO", big)) * 100,
                Math.round(big * 100),
                rate(e, CacheSweep.BURSTY, "LRU", small) >= rate(e, CacheSweep.BURSTY, "LFU", small)
                        ? "beats"
                        : "trails",
                Math.abs(rate(e, CacheSweep.BURSTY, "LRU", small) - rate(e, CacheSweep.BURSTY, "LFU", small)) * 100,
                Math.round(small * 100),
                (rate(e, CacheSweep.BURSTY, "LRU", big) - rate(e, CacheSweep.BURSTY, "LFU", big)) * 100,
                Math.round(big * 100)));
        s.append(
                "Size has diminishing returns under Zipf: the first percent of the questions takes the largest share of"
                        + " the hits. A hit is a memory lookup instead of a PostgreSQL round trip, but the gateway still writes"
                        + " the hit count on every answer, so end to end a hit is faster, not free.");
        return s.toString();
    }

    private String defaults() {
        CacheSettings d = CacheSettings.DEFAULTS;
        String e = CacheExperiment.EXPECTED;
        double none = atDefaultSize(e, CacheSweep.POISSON, CacheReplay.NO_TTL)
                .result()
                .hitRate();
        double tenMin = atDefaultSize(e, CacheSweep.POISSON, Duration.ofMinutes(10))
                .result()
                .hitRate();
        double oneHour = atDefaultSize(e, CacheSweep.POISSON, Duration.ofHours(1))
                .result()
                .hitRate();
        double current = atDefaultSize(e, CacheSweep.POISSON, d.ttl()).result().hitRate();
        double small = scale.sizes().get(0);
        numbers.put("defaults.policy", d.policy().name());
        numbers.put("defaults.size", d.maxSize());
        numbers.put("defaults.ttl", CacheSweep.ttlLabel(d.ttl()));
        numbers.put("defaults.hitRate.zipf-1.0.poisson", current);
        return String.format(
                Locale.ROOT,
                "`CacheSettings.DEFAULTS` now: **%s, %,d entries, TTL %s** (documented in docs/configuration.md); the"
                        + " TTL was 10 minutes before this experiment. %,d entries hold all %,d questions here, so nothing"
                        + " is evicted and only the TTL costs hits: on the expected traffic (Zipf 1.0, Poisson, %.0f/s)"
                        + " the cache answers %.1f%% of requests with no TTL, %.1f%% with 1 hour and %.1f%% with 10"
                        + " minutes; the database sees %.1f%%, %.1f%% and %.1f%% of them. A stored answer does not change"
                        + " once validated (storage's upserts are idempotent, and the hit count a hit returns is read"
                        + " from the database each time), so 10 minutes bought no freshness for %.1fx the database"
                        + " lookups of 1 hour; an hour still bounds how long a hand-edited row is served stale, and"
                        + " lets a question nobody asks any more leave memory. **Policy: LRU stays.** LFU leads on"
                        + " steady traffic (Zipf 1.0 Poisson at %d%% size: LFU %.1f%%, LRU %.1f%%), but on bursty"
                        + " traffic, where a burst's questions go cold afterwards, LRU leads (LRU %.1f%%, LFU %.1f%%):"
                        + " LFU keeps a finished burst's questions for as long as their counts stay the highest, and a"
                        + " default should not be the policy that fails when popularity moves. FIFO is never ahead by"
                        + " more than noise. **Size stays 10,000**: the whole sample fits; a larger dataset (the full"
                        + " 1.4 million questions) would want it sized from these curves, where Zipf traffic gets a"
                        + " large share of its hits from the first percent of the questions.",
                d.policy(),
                d.maxSize(),
                CacheSweep.ttlLabel(d.ttl()),
                d.maxSize(),
                universe,
                CacheExperiment.RATE,
                none * 100,
                oneHour * 100,
                tenMin * 100,
                (1 - none) * 100,
                (1 - oneHour) * 100,
                (1 - tenMin) * 100,
                (1 - tenMin) / Math.max(1 - oneHour, 1e-9),
                Math.round(small * 100),
                rate(e, CacheSweep.POISSON, "LFU", small) * 100,
                rate(e, CacheSweep.POISSON, "LRU", small) * 100,
                rate(e, CacheSweep.BURSTY, "LRU", small) * 100,
                rate(e, CacheSweep.BURSTY, "LFU", small) * 100);
    }

    // ---- tables ----

    private Table expectedTable() {
        Table t = new Table(
                "size", "entries", "LRU", "LFU", "FIFO", "no cache", "lookups saved per 1,000 requests (best)");
        String e = CacheExperiment.EXPECTED;
        for (double size : scale.sizes()) {
            double best = 0;
            for (String policy : POLICIES) {
                best = Math.max(best, rate(e, CacheSweep.POISSON, policy, size));
            }
            t.add(
                    Math.round(size * 100) + "%",
                    CacheSweep.entries(size, universe),
                    rate(e, CacheSweep.POISSON, "LRU", size),
                    rate(e, CacheSweep.POISSON, "LFU", size),
                    rate(e, CacheSweep.POISSON, "FIFO", size),
                    rate(e, CacheSweep.POISSON, CacheSweep.NO_CACHE, 0),
                    Math.round(best * 1000));
        }
        return t;
    }

    private Table bestTable() throws IOException {
        List<String> columns = new ArrayList<>(List.of("popularity", "arrivals"));
        for (double size : scale.sizes()) {
            columns.add(Math.round(size * 100) + "%");
        }
        Table t = new Table(columns.toArray(String[]::new));
        Table csv = new Table("popularity", "arrivals", "size_pct", "best_policy", "hit_rate", "lead_over_runner_up");
        for (String pop : sweep.popularities()) {
            for (String arrival : List.of(CacheSweep.POISSON, CacheSweep.BURSTY)) {
                List<Object> row = new ArrayList<>(List.of(pop, arrival));
                for (double size : scale.sizes()) {
                    List<String> ranked = new ArrayList<>(POLICIES);
                    ranked.sort((a, b) -> Double.compare(rate(pop, arrival, b, size), rate(pop, arrival, a, size)));
                    double first = rate(pop, arrival, ranked.get(0), size);
                    double lead = first - rate(pop, arrival, ranked.get(1), size);
                    row.add(String.format(Locale.ROOT, "%s %.3f (+%.1f)", ranked.get(0), first, lead * 100));
                    csv.add(pop, arrival, Math.round(size * 100), ranked.get(0), first, lead);
                    numbers.put("best." + pop + "." + arrival + "." + Math.round(size * 100) + "pct", ranked.get(0));
                }
                t.add(row.toArray());
            }
        }
        files.add(csv.writeCsv(context.file("cache-best.csv")));
        return t;
    }

    private Table timingTable() {
        Table t = new Table("policy", "TTL", "Poisson", "Poisson order, bursty times", "bursty");
        String e = CacheExperiment.EXPECTED;
        double size = largest();
        for (Duration ttl : List.of(CacheReplay.NO_TTL, Duration.ofMinutes(1))) {
            for (String policy : POLICIES) {
                t.add(
                        policy + " " + Math.round(size * 100) + "%",
                        CacheSweep.ttlLabel(ttl),
                        rate(e, CacheSweep.POISSON, policy, size, ttl),
                        rate(e, CacheSweep.BURSTY_TIMING, policy, size, ttl),
                        rate(e, CacheSweep.BURSTY, policy, size, ttl));
            }
        }
        return t;
    }

    private Table ttlTable() {
        Table t = new Table("popularity", "arrivals", "TTL none", "1m", "10m", "1h");
        for (String pop : sweep.popularities()) {
            for (String arrival : List.of(CacheSweep.POISSON, CacheSweep.BURSTY)) {
                List<Object> row = new ArrayList<>(List.of(pop, arrival));
                for (Duration ttl : CacheSweep.TTLS) {
                    row.add(atDefaultSize(pop, arrival, ttl).result().hitRate());
                }
                t.add(row.toArray());
            }
        }
        return t;
    }

    private Table latencyTable() {
        Table t = new Table("operation", "samples", "mean µs", "p50 µs", "p90 µs", "p99 µs");
        for (Latency l : latencies()) {
            t.add(l.what(), l.samples(), l.meanMicros(), l.p50Micros(), l.p90Micros(), l.p99Micros());
        }
        return t;
    }

    private Latency[] latencies() {
        return new Latency[] {
            costs.cacheHit(), costs.databaseLookup(), costs.hitCountUpdate(), gateway.httpHit(), gateway.httpMiss()
        };
    }

    // ---- CSVs and charts ----

    private void sweepCsv() throws IOException {
        Table t = new Table(
                "popularity",
                "arrivals",
                "policy",
                "size_pct",
                "size_entries",
                "default_size",
                "ttl",
                "requests",
                "hits",
                "hit_rate",
                "db_lookups",
                "db_lookups_saved",
                "evictions",
                "expirations");
        for (Point p : points) {
            CacheReplay.Result r = p.result();
            t.add(
                    p.popularity(),
                    p.arrival(),
                    p.policy(),
                    p.sizeFraction() * 100,
                    p.sizeEntries(),
                    p.defaultSize(),
                    p.policy().equals(CacheSweep.NO_CACHE) ? "" : p.ttlLabel(),
                    r.requests(),
                    r.hits(),
                    r.hitRate(),
                    r.databaseLookups(),
                    r.hits(),
                    r.evictions(),
                    r.expirations());
            if (!p.defaultSize()
                    && (p.arrival().equals(CacheSweep.POISSON) || p.arrival().equals(CacheSweep.BURSTY))
                    && p.ttl().equals(CacheReplay.NO_TTL)) {
                numbers.put(
                        "hitRate." + p.policy() + "." + p.popularity() + "." + p.arrival()
                                + (p.policy().equals(CacheSweep.NO_CACHE) ? "" : "." + p.sizePercent() + "pct"),
                        r.hitRate());
            }
        }
        files.add(t.writeCsv(context.file("cache-sweep.csv")));
    }

    private void hitRateBySize() throws IOException {
        Table csv = new Table("popularity", "policy", "size_pct", "size_entries", "hit_rate");
        List<XYChart> panels = new ArrayList<>();
        for (String pop : sweep.popularities()) {
            XYChart chart = CacheCharts.xy(
                    label(pop) + ", Poisson, no TTL", "cache size (% of distinct questions)", "hit rate");
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
            for (String policy : List.of("LRU", "LFU", "FIFO", CacheSweep.NO_CACHE)) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (double size : scale.sizes()) {
                    double r = rate(pop, CacheSweep.POISSON, policy, size);
                    x.add(size * 100);
                    y.add(r);
                    csv.add(
                            pop,
                            policy,
                            size * 100,
                            policy.equals(CacheSweep.NO_CACHE) ? 0 : CacheSweep.entries(size, universe),
                            r);
                }
                XYSeries s = chart.addSeries(policy.equals(CacheSweep.NO_CACHE) ? "no cache" : policy, x, y);
                if (policy.equals(CacheSweep.NO_CACHE)) {
                    s.setLineStyle(SeriesLines.DASH_DASH);
                }
            }
            panels.add(chart);
        }
        files.add(csv.writeCsv(context.file("cache-hit-rate-by-size.csv")));
        files.add(CacheCharts.grid(panels, 2, context.file("cache-hit-rate-by-size.png")));
    }

    private void ttlChart() throws IOException {
        Table csv = new Table("arrivals", "popularity", "ttl", "hit_rate", "expirations");
        List<CategoryChart> panels = new ArrayList<>();
        List<String> labels = CacheSweep.TTLS.stream().map(CacheSweep::ttlLabel).toList();
        for (String arrival : List.of(CacheSweep.POISSON, CacheSweep.BURSTY)) {
            CategoryChart chart = CacheCharts.bars(
                    CacheSettings.DEFAULTS.policy() + " at the default size (" + CacheSettings.DEFAULTS.maxSize()
                            + " entries), " + arrival,
                    "TTL",
                    "hit rate");
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
            for (String pop : sweep.popularities()) {
                List<Double> y = new ArrayList<>();
                for (Duration ttl : CacheSweep.TTLS) {
                    Point p = atDefaultSize(pop, arrival, ttl);
                    y.add(p.result().hitRate());
                    csv.add(
                            arrival,
                            pop,
                            CacheSweep.ttlLabel(ttl),
                            p.result().hitRate(),
                            p.result().expirations());
                }
                chart.addSeries(label(pop), labels, y);
            }
            panels.add(chart);
        }
        files.add(csv.writeCsv(context.file("cache-ttl.csv")));
        files.add(CacheCharts.grid(panels, 2, context.file("cache-ttl.png")));
    }

    private void arrivalsChart() throws IOException {
        String e = CacheExperiment.EXPECTED;
        Table csv = new Table("policy", "ttl", "arrivals", "size_pct", "hit_rate");
        List<XYChart> panels = new ArrayList<>();
        List<String[]> panelsSpec = List.of(
                new String[] {"LRU", "none"},
                new String[] {"LFU", "none"},
                new String[] {"FIFO", "none"},
                new String[] {"LRU", "1m"});
        for (String[] spec : panelsSpec) {
            Duration ttl = spec[1].equals("none") ? CacheReplay.NO_TTL : Duration.ofMinutes(1);
            XYChart chart = CacheCharts.xy(
                    spec[0] + ", " + label(e) + ", TTL " + spec[1], "cache size (% of distinct questions)", "hit rate");
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
            for (String arrival : CacheSweep.ARRIVALS) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (double size : scale.sizes()) {
                    double r = rate(e, arrival, spec[0], size, ttl);
                    x.add(size * 100);
                    y.add(r);
                    csv.add(spec[0], spec[1], arrival, size * 100, r);
                }
                XYSeries s = chart.addSeries(arrivalLabel(arrival), x, y);
                if (arrival.equals(CacheSweep.BURSTY_TIMING)) {
                    s.setMarker(SeriesMarkers.CROSS);
                    s.setLineStyle(SeriesLines.DOT_DOT);
                }
            }
            panels.add(chart);
        }
        files.add(csv.writeCsv(context.file("cache-arrivals.csv")));
        files.add(CacheCharts.grid(panels, 2, context.file("cache-arrivals.png")));
    }

    private void latencyChart() throws IOException {
        Table csv = new Table("operation", "samples", "mean_us", "p50_us", "p90_us", "p99_us");
        // A log axis, and one series per operation from its p50 (lower marker) to its p99 (upper):
        // XChart's category chart refuses a logarithmic axis for this data.
        XYChart chart = CacheCharts.xy("What a hit and a miss cost: p50 (lower) to p99 (upper)", "", "µs (log scale)");
        chart.getStyler()
                .setYAxisLogarithmic(true)
                .setXAxisTicksVisible(false)
                .setXAxisMin(0.5)
                .setXAxisMax(latencies().length + 0.5)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS)
                .setMarkerSize(10);
        int x = 1;
        for (Latency l : latencies()) {
            csv.add(l.what(), l.samples(), l.meanMicros(), l.p50Micros(), l.p90Micros(), l.p99Micros());
            context.log()
                    .accept(String.format(
                            Locale.ROOT,
                            "cache: %s: %d samples, p50 %.2f µs, p99 %.2f µs",
                            l.what(),
                            l.samples(),
                            l.p50Micros(),
                            l.p99Micros()));
            if (l.samples() > 0) { // an operation with no samples has nothing to draw; the CSV says so
                chart.addSeries(
                        String.format(Locale.ROOT, "%s: %.1f to %.1f µs", l.what(), l.p50Micros(), l.p99Micros()),
                        List.of((double) x, (double) x),
                        List.of(Math.max(l.p50Micros(), 0.01), Math.max(l.p99Micros(), 0.01)));
            }
            x++;
        }
        files.add(csv.writeCsv(context.file("cache-latency.csv")));
        files.add(CacheCharts.grid(List.of(chart), 1, context.file("cache-latency.png")));
    }

    private void gatewayChart() throws IOException {
        Table csv = new Table("request", "gateway_hits", "replay_hits", "gateway_hit_rate", "replay_hit_rate");
        XYChart chart = CacheCharts.xy(
                "Gateway over HTTP vs replay (" + CacheExperiment.describe(httpSettings) + ")",
                "request",
                "cumulative hit rate");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setMarkerSize(0);
        List<Double> x = new ArrayList<>();
        List<Double> g = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        int gh = 0;
        int rh = 0;
        int step = Math.max(1, httpSequence.size() / 200);
        for (int i = 0; i < httpSequence.size(); i++) {
            gh += gateway.hitAt().get(i) ? 1 : 0;
            rh += httpReplay.hitAt().get(i) ? 1 : 0;
            if ((i + 1) % step == 0 || i == httpSequence.size() - 1) {
                x.add(i + 1.0);
                g.add((double) gh / (i + 1));
                r.add((double) rh / (i + 1));
                csv.add(i + 1, gh, rh, (double) gh / (i + 1), (double) rh / (i + 1));
            }
        }
        chart.addSeries("gateway over HTTP", x, g);
        chart.addSeries("replay", x, r).setLineStyle(SeriesLines.DASH_DASH);
        files.add(csv.writeCsv(context.file("cache-gateway.csv")));
        files.add(CacheCharts.grid(List.of(chart), 1, context.file("cache-gateway.png")));
    }

    private static String label(String popularity) {
        return popularity.equals("uniform") ? "uniform" : "Zipf " + popularity.substring("zipf-".length());
    }

    private static String arrivalLabel(String arrival) {
        return switch (arrival) {
            case CacheSweep.POISSON -> "Poisson";
            case CacheSweep.BURSTY -> "bursty (MMPP, shifting hot set)";
            default -> "Poisson order, bursty times";
        };
    }
}
