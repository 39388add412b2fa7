package dev.sluice.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Weights per metric name and the pass threshold of the composite score. Weights are relative
 * (the composite divides by their sum), so {@code {a: 2, b: 2}} equals {@code {a: 1, b: 1}}.
 *
 * @param weights metric name to non-negative weight; at least one positive
 * @param threshold composite score at or above which an answer passes, in [0, 1]
 */
public record CompositeConfig(Map<String, Double> weights, double threshold) {

    public CompositeConfig {
        Objects.requireNonNull(weights, "weights");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("composite weights are empty: give at least one metric, e.g. embedding_cosine=1");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            Double w = e.getValue();
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("weight of metric '" + e.getKey()
                        + "' must be a finite number >= 0, was " + w);
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("composite weights are all 0: at least one metric needs a positive weight");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("composite threshold must be in [0, 1], was " + threshold);
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    public double weight(String metric) {
        return weights.getOrDefault(metric, 0.0);
    }

    public double weightSum() {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
