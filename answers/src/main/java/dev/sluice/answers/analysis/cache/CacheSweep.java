package dev.sluice.answers.analysis.cache;

import dev.sluice.answers.gateway.cache.CachePolicy;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.loadgen.Popularity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The grid: policy (LRU, LFU, FIFO, no cache) x size (fractions of the distinct questions) x TTL,
 * for every popularity x arrival sequence, each sequence generated once from its own seed and
 * replayed against every configuration. Arrivals are Poisson, bursty ({@link BurstyTraffic}), and
 * a control: the Poisson sequence's questions at the bursty sequence's times, which changes the
 * timing and nothing else. The default settings' size ({@link CacheSettings#DEFAULTS}) is run with
 * every TTL as well.
 */
public final class CacheSweep {
    public static final String POISSON = "poisson";
    public static final String BURSTY = "bursty";
    /** The Poisson sequence's questions, in its order, at the bursty sequence's times. */
    public static final String BURSTY_TIMING = "poisson-order-bursty-times";

    public static final List<String> ARRIVALS = List.of(POISSON, BURSTY, BURSTY_TIMING);
    public static final List<Duration> TTLS =
            List.of(CacheReplay.NO_TTL, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1));
    public static final String NO_CACHE = "none";

    /** One replay: which traffic, which cache ({@code policy} "none": no cache), what it counted. */
    public record Point(
            String popularity,
            String arrival,
            String policy,
            double sizeFraction,
            int sizeEntries,
            Duration ttl,
            boolean defaultSize,
            CacheReplay.Result result) {
        public String ttlLabel() {
            return CacheSweep.ttlLabel(ttl);
        }

        public int sizePercent() {
            return (int) Math.round(sizeFraction * 100);
        }
    }

    private final int universe;
    private final List<Double> sizes;
    private final long seed;
    private final int requests;
    private final Map<String, Double> popularities;
    private final BurstyTraffic bursty;
    private final Map<String, RequestSequence> sequences = new HashMap<>();

    public CacheSweep(
            int universe,
            List<Double> sizes,
            long seed,
            int requests,
            Map<String, Double> popularities,
            BurstyTraffic bursty) {
        if (universe < 1) {
            throw new IllegalArgumentException("the sweep needs at least one question, had " + universe);
        }
        this.universe = universe;
        this.sizes = List.copyOf(sizes);
        this.seed = seed;
        this.requests = requests;
        this.popularities = Map.copyOf(popularities);
        this.bursty = Objects.requireNonNull(bursty, "bursty");
        this.popularityOrder = List.copyOf(popularities.keySet());
    }

    private final List<String> popularityOrder;

    public BurstyTraffic bursty() {
        return bursty;
    }

    public List<String> popularities() {
        return popularityOrder;
    }

    /** Cache entries for a fraction of the distinct questions (at least 1). */
    public static int entries(double fraction, int universe) {
        return Math.max(1, (int) Math.round(fraction * universe));
    }

    public static String ttlLabel(Duration ttl) {
        if (ttl.compareTo(Duration.ofDays(365)) > 0) {
            return "none";
        }
        if (ttl.toSeconds() % 3600 == 0) {
            return ttl.toHours() + "h";
        }
        if (ttl.toSeconds() % 60 == 0) {
            return ttl.toMinutes() + "m";
        }
        return ttl.toSeconds() + "s";
    }

    /** The sequence for a popularity and arrival, generated on first use from that pair's seed. */
    public synchronized RequestSequence sequence(String popularity, String arrival) {
        String key = popularity + "/" + arrival;
        RequestSequence s = sequences.get(key);
        if (s != null) {
            return s;
        }
        Double exponent = popularities.get(popularity);
        if (exponent == null) {
            throw new IllegalArgumentException("unknown popularity " + popularity + "; one of " + popularityOrder);
        }
        Popularity base = exponent == 0 ? Popularity.uniform(universe) : Popularity.zipf(universe, exponent);
        String name = popularity + ", " + arrival;
        s = switch (arrival) {
            case POISSON ->
                RequestSequence.poisson(name, base, requests, bursty.meanRate(), random(popularity, arrival));
            case BURSTY ->
                bursty.generate(name, base, universe, requests, random(popularity, arrival))
                        .requests();
            case BURSTY_TIMING -> sequence(popularity, POISSON).withTimingOf(sequence(popularity, BURSTY), name);
            default -> throw new IllegalArgumentException("unknown arrival " + arrival + "; one of " + ARRIVALS);
        };
        sequences.put(key, s);
        return s;
    }

    /** One seed per popularity/arrival pair, derived from the experiment's seed. */
    private Random random(String popularity, String arrival) {
        return new Random(seed * 1_000_003L + popularityOrder.indexOf(popularity) * 101L + ARRIVALS.indexOf(arrival));
    }

    public List<Point> run() {
        List<Point> points = new ArrayList<>();
        for (String popularity : popularityOrder) {
            for (String arrival : ARRIVALS) {
                RequestSequence s = sequence(popularity, arrival);
                points.add(new Point(
                        popularity, arrival, NO_CACHE, 0, 0, CacheReplay.NO_TTL, false, CacheReplay.withoutCache(s)));
                for (CachePolicy policy : CachePolicy.values()) {
                    for (double size : sizes) {
                        for (Duration ttl : TTLS) {
                            CacheSettings settings = new CacheSettings(policy, entries(size, universe), ttl);
                            points.add(new Point(
                                    popularity,
                                    arrival,
                                    policy.name(),
                                    size,
                                    settings.maxSize(),
                                    ttl,
                                    false,
                                    CacheReplay.replay(s, settings)));
                        }
                    }
                }
                CacheSettings d = CacheSettings.DEFAULTS;
                for (Duration ttl : TTLS) {
                    points.add(new Point(
                            popularity,
                            arrival,
                            d.policy().name(),
                            (double) d.maxSize() / universe,
                            d.maxSize(),
                            ttl,
                            true,
                            CacheReplay.replay(s, new CacheSettings(d.policy(), d.maxSize(), ttl))));
                }
            }
        }
        return points;
    }
}
