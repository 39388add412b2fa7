package dev.sluice.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The score the pipeline acts on: a weighted mean of several metrics, clamped to [0, 1], with the
 * pass threshold from {@link CompositeConfig}. Metrics with weight 0 are not computed at all, so an
 * unused model-backed metric costs nothing.
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
                throw new IllegalArgumentException("composite weight names metric '" + weighted
                        + "', which is not among the metrics " + names);
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

    /** Weighted mean of already computed metric columns; usable with precomputed scores. */
    public double[] combine(Map<String, double[]> perMetric, int size) {
        double[] out = new double[size];
        double sum = config.weightSum();
        for (Map.Entry<String, Double> w : config.weights().entrySet()) {
            if (w.getValue() == 0) {
                continue;
            }
            double[] col = perMetric.get(w.getKey());
            if (col == null || col.length != size) {
                throw new IllegalArgumentException("no " + size + " scores for weighted metric '" + w.getKey() + "'");
            }
            for (int i = 0; i < size; i++) {
                out[i] += w.getValue() / sum * col[i];
            }
        }
        for (int i = 0; i < size; i++) {
            out[i] = Math.min(1.0, Math.max(0.0, out[i]));
        }
        return out;
    }
}
