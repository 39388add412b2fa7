package dev.sluice.scoring;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the composite combines its metrics, and its pass threshold:
 * {@code composite = sum_m w_m * curve_m(score_m) / sum_m w_m}, clamped to [0, 1]. A metric without
 * a curve enters with its raw score (the composite is then a plain weighted mean, as before curves
 * existed). Weights are relative (the composite divides by their sum), so {@code {a: 2, b: 2}}
 * equals {@code {a: 1, b: 1}}.
 *
 * <p>Serializable (all parts are), so a Flink operator can keep the whole configuration, curves
 * included, rather than rebuilding it from the weights alone.
 *
 * @param weights metric name to non-negative weight; at least one positive
 * @param threshold composite score at or above which an answer passes, in [0, 1]
 * @param curves metric name to the non-decreasing map applied to its score before weighting; only
 *     for weighted metrics; may be empty
 */
public record CompositeConfig(Map<String, Double> weights, double threshold, Map<String, MonotoneCurve> curves)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A plain weighted mean of the raw metric scores. */
    public CompositeConfig(Map<String, Double> weights, double threshold) {
        this(weights, threshold, Map.of());
    }

    public CompositeConfig {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(curves, "curves");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException(
                    "composite weights are empty: give at least one metric, e.g. embedding_cosine=1");
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            Double w = e.getValue();
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException(
                        "weight of metric '" + e.getKey() + "' must be a finite number >= 0, was " + w);
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException(
                    "composite weights are all 0: at least one metric needs a positive weight");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("composite threshold must be in [0, 1], was " + threshold);
        }
        for (Map.Entry<String, MonotoneCurve> e : curves.entrySet()) {
            Objects.requireNonNull(e.getValue(), () -> "curve of metric '" + e.getKey() + "'");
            if (!weights.containsKey(e.getKey())) {
                throw new IllegalArgumentException("curve given for metric '" + e.getKey()
                        + "', which has no weight; weighted metrics are " + weights.keySet());
            }
        }
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        curves = Collections.unmodifiableMap(new LinkedHashMap<>(curves));
    }

    public double weight(String metric) {
        return weights.getOrDefault(metric, 0.0);
    }

    public double weightSum() {
        return weights.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The metric's curve, or {@link MonotoneCurve#IDENTITY} when it has none. */
    public MonotoneCurve curve(String metric) {
        return curves.getOrDefault(metric, MonotoneCurve.IDENTITY);
    }

    /** The same weights and curves with another pass threshold (e.g. one set per job). */
    public CompositeConfig withThreshold(double newThreshold) {
        return new CompositeConfig(weights, newThreshold, curves);
    }

    /**
     * The composite of already computed metric columns: element i combines element i of every
     * weighted metric's column. Columns of metrics with weight 0 may be missing.
     *
     * @throws IllegalArgumentException if a weighted metric has no column of {@code size} scores
     */
    public double[] combine(Map<String, double[]> perMetric, int size) {
        double[] out = new double[size];
        double sum = weightSum();
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            if (w.getValue() == 0) {
                continue;
            }
            double[] col = perMetric.get(w.getKey());
            if (col == null || col.length != size) {
                throw new IllegalArgumentException("no " + size + " scores for weighted metric '" + w.getKey() + "'");
            }
            MonotoneCurve curve = curves.get(w.getKey());
            double share = w.getValue() / sum;
            for (int i = 0; i < size; i++) {
                out[i] += share * (curve == null ? col[i] : curve.apply(col[i]));
            }
        }
        for (int i = 0; i < size; i++) {
            out[i] = Math.min(1.0, Math.max(0.0, out[i]));
        }
        return out;
    }
}
