package dev.sluice.scoring;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A non-decreasing, piecewise-linear map from a metric's score in [0, 1] to that metric's share of
 * the composite in [0, 1]: knots {@code (x[i], y[i])}, linear in between, from (0, 0) to (1, 1).
 *
 * <p>Why a curve and not just a weight: the metrics are informative over different parts of their
 * range. On SICK, all-MiniLM-L6-v2's cosine separates unrelated from related pairs but says little
 * above about 0.7, while bge-small-en-v1.5's cosine has a high floor and separates close
 * paraphrases from merely related text; a weighted mean of the raw scores cannot express that
 * (docs/scoring.md, "Agreement with people"). Non-decreasing on purpose: a higher metric score
 * never lowers the composite, and the curve is a handful of numbers, cheap to apply.
 *
 * @param x knots on the metric's scale: strictly increasing, first 0, last 1
 * @param y the curve at the knots: non-decreasing, first 0, last 1
 */
public record MonotoneCurve(List<Double> x, List<Double> y) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** y = x, the shape of a metric with no curve configured. */
    public static final MonotoneCurve IDENTITY = of(new double[] {0, 1}, new double[] {0, 1});

    public MonotoneCurve {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        x = List.copyOf(x);
        y = List.copyOf(y);
        if (x.size() < 2 || x.size() != y.size()) {
            throw new IllegalArgumentException("a curve needs at least 2 knots and as many y as x values, got "
                    + x.size() + " x and " + y.size() + " y");
        }
        if (x.get(0) != 0.0 || x.get(x.size() - 1) != 1.0) {
            throw new IllegalArgumentException(
                    "curve knots must span the metric's whole range: first x 0 and last x 1, got " + x);
        }
        if (y.get(0) != 0.0 || y.get(y.size() - 1) != 1.0) {
            throw new IllegalArgumentException(
                    "a curve must run from y 0 to y 1 (the metric's weight says how much it counts), got " + y);
        }
        for (int i = 1; i < x.size(); i++) {
            if (!(x.get(i) > x.get(i - 1))) {
                throw new IllegalArgumentException("curve x values must be strictly increasing, got " + x);
            }
            if (!(y.get(i) >= y.get(i - 1))) {
                throw new IllegalArgumentException("curve y values must be non-decreasing (a higher metric score may "
                        + "never lower the composite), got " + y);
            }
        }
    }

    public static MonotoneCurve of(double[] x, double[] y) {
        return new MonotoneCurve(boxed(x), boxed(y));
    }

    /** The curve at {@code score}, which is first clamped to [0, 1]; NaN counts as 0. */
    public double apply(double score) {
        double s = Double.isNaN(score) ? 0 : Math.min(1.0, Math.max(0.0, score));
        int i = 1;
        while (i < x.size() - 1 && x.get(i) < s) {
            i++;
        }
        double x0 = x.get(i - 1);
        double x1 = x.get(i);
        double t = (s - x0) / (x1 - x0);
        return y.get(i - 1) + t * (y.get(i) - y.get(i - 1));
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return out;
    }
}
