package dev.sluice.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The score the pipeline acts on: a weighted mean of several metrics, each first mapped through
 * its non-decreasing curve ({@link MonotoneCurve}), clamped to [0, 1], with the pass threshold
 * from {@link CompositeConfig}. Metrics with weight 0 are not computed at all, so an unused
 * model-backed metric costs nothing.
 */
public final class Composite implements Scorer {

    public static final String NAME = "composite";
    private final List<Scorer> metrics;
    private final CompositeConfig config;

    public Composite(List<Scorer> metrics, CompositeConfig config) {
        this.metrics = List.copyOf(metrics);
        this.config = Objects.requireNonNull(config, "config");
        List<String> names = new ArrayList<>();
        for (Scorer s : this.metrics) {
            names.add(s.name());
        }
        for (String weighted : config.weights().keySet()) {
            if (!names.contains(weighted)) {
                throw new IllegalArgumentException(
                        "composite weight names metric '" + weighted + "', which is not among the metrics " + names);
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    public CompositeConfig config() {
        return config;
    }

    public List<Scorer> metrics() {
        return metrics;
    }

    public boolean passes(double compositeScore) {
        return compositeScore >= config.threshold();
    }

    @Override
    public double score(String reference, String candidate) {
        return scoreAll(List.of(new Pair(reference, candidate)))[0];
    }

    @Override
    public double[] scoreAll(List<Pair> pairs) {
        Map<String, double[]> perMetric = new LinkedHashMap<>();
        for (Scorer s : metrics) {
            if (config.weight(s.name()) > 0) {
                perMetric.put(s.name(), s.scoreAll(pairs));
            }
        }
        return combine(perMetric, pairs.size());
    }

    /** Every metric (weighted or not) plus the composite, in metric order, composite last. */
    public Map<String, double[]> scoreAllDetailed(List<Pair> pairs) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Scorer s : metrics) {
            out.put(s.name(), s.scoreAll(pairs));
        }
        out.put(NAME, combine(out, pairs.size()));
        return out;
    }

    /**
     * The composite of already computed metric columns (see {@link CompositeConfig#combine}): the
     * weighted mean of each weighted metric's score mapped through its curve, clamped to [0, 1].
     */
    public double[] combine(Map<String, double[]> perMetric, int size) {
        return config.combine(perMetric, size);
    }
}
