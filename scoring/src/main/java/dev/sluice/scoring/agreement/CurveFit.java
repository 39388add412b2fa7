package dev.sluice.scoring.agreement;

import dev.sluice.scoring.CompositeConfig;
import dev.sluice.scoring.MonotoneCurve;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the composite's weights and curves to human scores: an additive model
 * {@code human ~ c + sum_m sum_k beta_mk * ramp_mk(score_m)} with every {@code beta >= 0}, where
 * {@code ramp_mk} rises linearly from 0 to 1 across the k-th segment of metric m's range and is
 * flat elsewhere. Non-negative coefficients make each metric's part non-decreasing, so the fit is a
 * weight per metric ({@code sum_k beta_mk}) times a monotone piecewise-linear curve (cumulative
 * betas over that sum) — exactly a {@link CompositeConfig}. A metric whose betas
 * are all 0 gets weight 0 and is then never computed.
 *
 * <p>Segment boundaries are the metric's quantiles on the fitting data (so every segment holds
 * data), rounded to 2 decimals. The number of segments is chosen by 10-fold cross-validation on
 * the fitting data (folds by position, deterministic), maximising mean Spearman on the held-out
 * folds; 1 segment is the plain weighted mean. Least squares and not Spearman directly: the
 * objective is smooth and convex (non-negative least squares), the answer is unique and needs no
 * search; refining the result for Spearman gained under 0.001 in cross-validation.
 */
public final class CurveFit {

    /** Segment counts tried by cross-validation. */
    static final int[] SEGMENT_CHOICES = {1, 2, 3, 4, 6, 8};

    static final int FOLDS = 10;

    private CurveFit() {}

    /**
     * @param weights metric name to weight, summing to 1, rounded to 3 decimals
     * @param curves curve per metric with weight > 0, knots rounded to 2 (x) and 3 (y) decimals
     * @param segments segments per metric the fit used
     * @param crossValidation mean held-out Spearman per segment count tried (empty if none tried)
     */
    public record Result(
            Map<String, Double> weights,
            Map<String, MonotoneCurve> curves,
            int segments,
            Map<Integer, Double> crossValidation) {}

    /** Chooses the segment count by cross-validation on these data, then fits on all of them. */
    public static Result crossValidated(Map<String, double[]> metrics, double[] human) {
        Map<Integer, Double> cv = new LinkedHashMap<>();
        int best = SEGMENT_CHOICES[0];
        for (int segments : SEGMENT_CHOICES) {
            double sum = 0;
            for (int fold = 0; fold < FOLDS; fold++) {
                boolean[] train = new boolean[human.length];
                for (int i = 0; i < train.length; i++) {
                    train[i] = i % FOLDS != fold;
                }
                Result r = fit(select(metrics, train, true), select(human, train, true), segments);
                double[] held = new CompositeConfig(r.weights(), 0.5, r.curves())
                        .combine(select(metrics, train, false), count(train, false));
                sum += Agreement.spearman(held, select(human, train, false));
            }
            cv.put(segments, sum / FOLDS);
            if (cv.get(segments) > cv.get(best)) {
                best = segments;
            }
        }
        Result r = fit(metrics, human, best);
        return new Result(r.weights(), r.curves(), best, cv);
    }

    /** Fits with {@code segments} segments per metric on all the given pairs. */
    public static Result fit(Map<String, double[]> metrics, double[] human, int segments) {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be >= 1, was " + segments);
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metrics to fit");
        }
        List<String> names = new ArrayList<>(metrics.keySet());
        List<double[]> knots = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (String name : names) {
            double[] scores = metrics.get(name);
            if (scores.length != human.length) {
                throw new IllegalArgumentException("metric '" + name + "' has " + scores.length + " scores for "
                        + human.length + " human judgements");
            }
            double[] k = knots(scores, segments);
            knots.add(k);
            for (int s = 0; s + 1 < k.length; s++) {
                double[] col = new double[scores.length];
                for (int i = 0; i < col.length; i++) {
                    col[i] = ramp(scores[i], k[s], k[s + 1]);
                }
                columns.add(col);
            }
        }
        double[] beta = nnlsWithIntercept(columns, human);

        double[] perMetric = new double[names.size()];
        List<double[]> ys = new ArrayList<>();
        int j = 0;
        for (int m = 0; m < names.size(); m++) {
            double[] k = knots.get(m);
            double[] cumulative = new double[k.length];
            for (int s = 0; s + 1 < k.length; s++) {
                cumulative[s + 1] = cumulative[s] + beta[j++];
            }
            perMetric[m] = cumulative[k.length - 1];
            ys.add(cumulative);
        }
        double total = Arrays.stream(perMetric).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("no metric rises with the human scores: every fitted weight is 0");
        }
        Map<String, Double> weights = roundedWeights(names, perMetric, total);
        Map<String, MonotoneCurve> curves = new LinkedHashMap<>();
        for (int m = 0; m < names.size(); m++) {
            if (weights.get(names.get(m)) > 0) {
                double[] y = ys.get(m);
                for (int i = 0; i < y.length; i++) {
                    y[i] = i == y.length - 1 ? 1.0 : round(y[i] / perMetric[m], 1000);
                }
                curves.put(names.get(m), MonotoneCurve.of(knots.get(m), y));
            }
        }
        return new Result(weights, curves, segments, Map.of());
    }

    /** 0, the metric's j/segments quantiles rounded to 2 decimals (duplicates and 0/1 dropped), 1. */
    static double[] knots(double[] scores, int segments) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        List<Double> k = new ArrayList<>();
        k.add(0.0);
        for (int s = 1; s < segments; s++) {
            double q = round(quantile(sorted, (double) s / segments), 100);
            if (q > k.get(k.size() - 1) && q < 1) {
                k.add(q);
            }
        }
        k.add(1.0);
        return k.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Linear interpolation between order statistics (numpy's default). */
    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double ramp(double score, double from, double to) {
        return Math.min(1.0, Math.max(0.0, (score - from) / (to - from)));
    }

    /**
     * Non-negative least squares with a free intercept: centring the columns and the target removes
     * the intercept, then cyclic coordinate descent on the normal equations, each coordinate
     * clipped at 0. Convex, so it converges to the unique optimum (for the few dozen columns here,
     * in well under a second).
     */
    static double[] nnlsWithIntercept(List<double[]> columns, double[] y) {
        int p = columns.size();
        int n = y.length;
        double[][] centred = new double[p][];
        for (int j = 0; j < p; j++) {
            centred[j] = centre(columns.get(j));
        }
        double[] yc = centre(y);
        double[][] gram = new double[p][p];
        double[] c = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = a; b < p; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += centred[a][i] * centred[b][i];
                }
                gram[a][b] = s;
                gram[b][a] = s;
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += centred[a][i] * yc[i];
            }
            c[a] = s;
        }
        return nnls(gram, c);
    }

    /** Minimises {@code b'Gb/2 - c'b} subject to {@code b >= 0}, G symmetric positive semi-definite. */
    static double[] nnls(double[][] gram, double[] c) {
        int p = c.length;
        double[] b = new double[p];
        double[] gradient = c.clone(); // c - G b, kept up to date
        double scale = 0;
        for (int j = 0; j < p; j++) {
            scale = Math.max(scale, gram[j][j]);
        }
        for (int sweep = 0; sweep < 200_000; sweep++) {
            double change = 0;
            for (int j = 0; j < p; j++) {
                if (gram[j][j] <= 1e-12 * Math.max(scale, 1e-300)) {
                    continue; // a column with no spread (no data in its segment) explains nothing
                }
                double next = Math.max(0.0, b[j] + gradient[j] / gram[j][j]);
                double delta = next - b[j];
                if (delta != 0) {
                    for (int k = 0; k < p; k++) {
                        gradient[k] -= gram[k][j] * delta;
                    }
                    b[j] = next;
                    change = Math.max(change, Math.abs(delta) * Math.sqrt(gram[j][j]));
                }
            }
            if (change < 1e-10) {
                break;
            }
        }
        return b;
    }

    /** Weights summing to exactly 1 after rounding to 3 decimals: the largest takes the remainder. */
    private static Map<String, Double> roundedWeights(List<String> names, double[] perMetric, double total) {
        int largest = 0;
        for (int m = 1; m < perMetric.length; m++) {
            largest = perMetric[m] > perMetric[largest] ? m : largest;
        }
        double rest = 0;
        double[] w = new double[perMetric.length];
        for (int m = 0; m < w.length; m++) {
            if (m != largest) {
                w[m] = round(perMetric[m] / total, 1000);
                rest += w[m];
            }
        }
        w[largest] = round(1 - rest, 1000);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int m = 0; m < w.length; m++) {
            out.put(names.get(m), w[m]);
        }
        return out;
    }

    private static double round(double v, double per) {
        return Math.round(v * per) / per;
    }

    private static double[] centre(double[] v) {
        double mean = Arrays.stream(v).average().orElse(0);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - mean;
        }
        return out;
    }

    private static int count(boolean[] mask, boolean want) {
        int n = 0;
        for (boolean b : mask) {
            n += b == want ? 1 : 0;
        }
        return n;
    }

    private static double[] select(double[] v, boolean[] mask, boolean want) {
        double[] out = new double[count(mask, want)];
        int j = 0;
        for (int i = 0; i < v.length; i++) {
            if (mask[i] == want) {
                out[j++] = v[i];
            }
        }
        return out;
    }

    private static Map<String, double[]> select(Map<String, double[]> metrics, boolean[] mask, boolean want) {
        Map<String, double[]> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(k, select(v, mask, want)));
        return out;
    }
}
