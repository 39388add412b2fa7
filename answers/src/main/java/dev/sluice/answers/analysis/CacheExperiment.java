package dev.sluice.answers.analysis;

import dev.sluice.answers.analysis.cache.BurstyTraffic;
import dev.sluice.answers.analysis.cache.CacheReplay;
import dev.sluice.answers.analysis.cache.CacheSweep;
import dev.sluice.answers.analysis.cache.CacheSweep.Point;
import dev.sluice.answers.analysis.cache.GatewayRun;
import dev.sluice.answers.analysis.cache.LookupCosts;
import dev.sluice.answers.analysis.cache.RequestSequence;
import dev.sluice.answers.analysis.cache.StoredQuestions;
import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.cache.CachePolicy;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.embedded.EmbeddedPostgres;
import dev.sluice.platform.io.Directories;
import dev.sluice.platform.report.MachineCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Issue 13 item 7: which cache policy, size and TTL, measured. Replays the same request sequences
 * (one seed per popularity/arrival pair) against the real {@code AnswerCache} for every policy,
 * size and TTL; measures what a hit and a miss cost on the real cache and a real PostgreSQL (the
 * gateway's own lookup); and runs one configuration through the real gateway over HTTP to check
 * that the replay counts what the gateway counts. Then it reads {@link CacheSettings#DEFAULTS}
 * against the numbers.
 */
public final class CacheExperiment implements Experiment {
    /** The load generator's default rate ({@code sluice answers load --rate 20}): the traffic's time scale. */
    static final double RATE = 20;

    static final List<Double> SIZES = List.of(0.01, 0.05, 0.10, 0.25);
    static final List<Double> QUICK_SIZES = List.of(0.05, 0.25);
    static final double HTTP_SIZE = 0.10;
    static final Duration HTTP_TTL = Duration.ofMinutes(1);

    /** Popularities: label and Zipf exponent (0 = uniform). */
    static final Map<String, Double> POPULARITIES = popularities();

    private static Map<String, Double> popularities() {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("uniform", 0.0);
        p.put("zipf-0.8", 0.8);
        p.put("zipf-1.0", 1.0);
        p.put("zipf-1.2", 1.2);
        return Collections.unmodifiableMap(p);
    }

    /** The expected traffic: the load generator's default popularity (Zipf 1.0). */
    static final String EXPECTED = "zipf-1.0";

    @Override
    public String id() {
        return "cache";
    }

    @Override
    public String title() {
        return "The gateway cache: policy, size and TTL, measured";
    }

    /** The grid's scale: the quick run keeps every table and chart but fewer sizes and requests. */
    record Scale(int requests, List<Double> sizes, int httpRequests, int databaseSamples, int cacheSamples) {}

    static Scale scale(boolean quick) {
        return quick
                ? new Scale(10_000, QUICK_SIZES, 400, 300, 20_000)
                : new Scale(100_000, SIZES, 3_000, 3_000, 200_000);
    }

    @Override
    public Section run(ExperimentContext context) throws Exception {
        Scale scale = scale(context.quick());
        Path data = dataset(context.yahooData());
        List<QaPair> loaded = DatasetLoader.loadAny(data).pairs();
        List<QaPair> universe = StoredQuestions.usable(loaded);
        // Popularity ranks follow a seeded shuffle, not the file's order.
        Collections.shuffle(universe, new Random(context.seed()));
        int n = universe.size();
        context.log()
                .accept(String.format(
                        Locale.ROOT,
                        "cache: %,d distinct questions from %s; %,d requests per sequence at %.0f/s",
                        n,
                        data,
                        scale.requests(),
                        RATE));

        CacheSweep sweep = new CacheSweep(
                n, scale.sizes(), context.seed(), scale.requests(), POPULARITIES, BurstyTraffic.standard(RATE));
        long started = System.nanoTime();
        List<Point> points = sweep.run();
        context.log()
                .accept(String.format(
                        Locale.ROOT,
                        "cache: %,d replays in %.1f s",
                        points.size(),
                        (System.nanoTime() - started) / 1e9));

        RequestSequence expected = sweep.sequence(EXPECTED, CacheSweep.POISSON);
        CacheSettings httpSettings = new CacheSettings(CachePolicy.LRU, CacheSweep.entries(HTTP_SIZE, n), HTTP_TTL);
        RequestSequence httpSequence = expected.prefix(Math.min(scale.httpRequests(), expected.size()));
        CacheReplay.Result httpReplay = CacheReplay.replay(httpSequence, httpSettings);
        LookupCosts costs;
        GatewayRun gateway;
        MachineCpu.Reading cpuBefore = null;
        String machine;
        Path pgDir = Files.createTempDirectory("sluice-cache-experiment-pg-");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .dataDir(pgDir)
                        .port(0)
                        .build()
                        .start();
                Database db = new Database(postgres.jdbcUrl(), postgres.username(), postgres.password(), 4)) {
            Migrations.apply(db.dataSource(), "answers");
            StoredQuestions.insert(db.dataSource(), universe, Instant.parse("2025-01-01T00:00:00Z"));
            context.log().accept("cache: measuring hits on AnswerCache and misses on PostgreSQL");
            cpuBefore = MachineCpu.read();
            costs = LookupCosts.measure(
                    db.dataSource(), universe, expected, scale.databaseSamples(), scale.cacheSamples());
            context.log()
                    .accept(String.format(
                            Locale.ROOT,
                            "cache: %,d requests through the gateway over HTTP (%s)",
                            httpSequence.size(),
                            describe(httpSettings)));
            gateway = GatewayRun.run(db.dataSource(), universe, httpSequence, httpSettings);
            context.log()
                    .accept(String.format(
                            Locale.ROOT,
                            "cache: gateway counted %s; the replay %,d hits",
                            gateway.stats(),
                            httpReplay.hits()));
            machine = machine(cpuBefore);
        } finally {
            Directories.deleteRecursively(pgDir);
        }
        if (gateway.publishes() > 0) {
            throw new IllegalStateException(
                    gateway.publishes() + " stored question(s) reached publish in the gateway run");
        }

        CacheReport report = new CacheReport(
                context,
                n,
                data,
                scale,
                sweep,
                points,
                costs,
                gateway,
                httpReplay,
                httpSequence,
                httpSettings,
                machine);
        return report.section(id(), title());
    }

    static String describe(CacheSettings s) {
        return s.policy() + ", " + s.maxSize() + " entries, TTL " + ttlLabel(s.ttl());
    }

    static String ttlLabel(Duration ttl) {
        return CacheSweep.ttlLabel(ttl);
    }

    /**
     * The question list: {@code yahooData} itself if it is a file; in a directory, the shipped
     * 4,387-pair sample if present, else the sample Sluice writes, else the first CSV.
     */
    static Path dataset(Path yahooData) throws IOException {
        if (yahooData == null) {
            throw new IllegalArgumentException(
                    "the cache experiment needs questions: ExperimentContext.yahooData is not set (e.g. ../shared/data/yahoo)");
        }
        if (Files.isRegularFile(yahooData)) {
            return yahooData;
        }
        if (!Files.isDirectory(yahooData)) {
            throw new IllegalArgumentException("Yahoo! data " + yahooData + " is neither a CSV file nor a directory");
        }
        for (String name : List.of("yahoo-answers-4387.csv", dev.sluice.answers.dataset.SampleDataset.FILE_NAME)) {
            if (Files.isRegularFile(yahooData.resolve(name))) {
                return yahooData.resolve(name);
            }
        }
        try (Stream<Path> files = Files.list(yahooData)) {
            return files.filter(p -> p.toString().endsWith(".csv"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no CSV of questions in " + yahooData));
        }
    }

    /** How busy the machine was while the latencies were measured: they are only as quiet as it was. */
    private static String machine(MachineCpu.Reading before) {
        double busy = MachineCpu.read().busySince(before);
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            load = "unknown";
        }
        return String.format(
                Locale.ROOT,
                "%d cores, %s busy, load average %s",
                Runtime.getRuntime().availableProcessors(),
                Double.isNaN(busy) ? "unknown share" : Math.round(busy * 100) + "%",
                load);
    }

    /** Requests where two replays' hit flags differ. */
    static int disagreements(BitSet a, BitSet b) {
        BitSet x = (BitSet) a.clone();
        x.xor(b);
        return x.cardinality();
    }
}
