package dev.sluice.answers.analysis.threshold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * ROC and precision-recall curves of a score that should rank positives above negatives, with the
 * pass rule the scoring job uses: a pair passes when its score is {@code >=} the threshold.
 *
 * <p>One point per distinct score, from the highest down: at threshold t every pair scoring at
 * least t passes. So tied scores enter together, and the ROC area equals the Mann-Whitney
 * probability that a random positive outscores a random negative, ties counting one half. Average
 * precision is the step sum {@code sum_k (R_k - R_(k-1)) * P_k} (scikit-learn's definition), which
 * does not interpolate optimistically between points.
 *
 * <p>Why written here: the arithmetic is twenty lines, and the libraries that have it (Smile,
 * Tribuo) would bring a machine-learning stack into the answers module for one function.
 */
public final class BinaryCurves {

    /** One threshold's outcome: the threshold, true and false positive rates, precision (NaN when nothing passes). */
    public record Point(double threshold, double tpr, double fpr, double precision) {}

    private final List<Point> points;
    private final double auc;
    private final double averagePrecision;
    private final double[] positives;
    private final double[] negatives;

    private BinaryCurves(double[] positives, double[] negatives, List<Point> points, double auc, double ap) {
        this.positives = positives;
        this.negatives = negatives;
        this.points = List.copyOf(points);
        this.auc = auc;
        this.averagePrecision = ap;
    }

    /** @throws IllegalArgumentException when either side is empty or a score is NaN */
    public static BinaryCurves of(double[] positives, double[] negatives) {
        Objects.requireNonNull(positives, "positives");
        Objects.requireNonNull(negatives, "negatives");
        if (positives.length == 0 || negatives.length == 0) {
            throw new IllegalArgumentException("ROC needs at least one positive and one negative, got "
                    + positives.length + " and " + negatives.length);
        }
        double[] pos = sortedDescending(positives, "positives");
        double[] neg = sortedDescending(negatives, "negatives");
        int p = pos.length;
        int n = neg.length;
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0, Double.NaN));
        int tp = 0;
        int fp = 0;
        double auc = 0;
        double ap = 0;
        while (tp < p || fp < n) {
            double t =
                    Math.max(tp < p ? pos[tp] : Double.NEGATIVE_INFINITY, fp < n ? neg[fp] : Double.NEGATIVE_INFINITY);
            int tp0 = tp;
            int fp0 = fp;
            while (tp < p && pos[tp] >= t) {
                tp++;
            }
            while (fp < n && neg[fp] >= t) {
                fp++;
            }
            // trapezoid between the previous point and this one: exact Mann-Whitney with ties as 1/2
            auc += (double) (fp - fp0) / n * ((double) (tp + tp0) / 2 / p);
            double precision = (double) tp / (tp + fp);
            ap += (double) (tp - tp0) / p * precision;
            points.add(new Point(t, (double) tp / p, (double) fp / n, precision));
        }
        return new BinaryCurves(pos, neg, points, auc, ap);
    }

    private static double[] sortedDescending(double[] scores, String what) {
        double[] s = scores.clone();
        for (double v : s) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException(what + " contain NaN: score every pair before drawing curves");
            }
        }
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double x = s[i];
            s[i] = s[j];
            s[j] = x;
        }
        return s;
    }

    /** From (0, 0) at an infinite threshold to (1, 1), one point per distinct score. */
    public List<Point> points() {
        return points;
    }

    /** Area under the ROC curve: P(positive scores above negative), ties counting 1/2. */
    public double auc() {
        return auc;
    }

    public double averagePrecision() {
        return averagePrecision;
    }

    /** The outcome at any threshold (pass = score >= threshold). */
    public Point at(double threshold) {
        int tp = passing(positives, threshold);
        int fp = passing(negatives, threshold);
        return new Point(
                threshold,
                (double) tp / positives.length,
                (double) fp / negatives.length,
                tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp));
    }

    /** Youden's J at a threshold: true positive rate minus false positive rate. */
    public double youden(double threshold) {
        Point pt = at(threshold);
        return pt.tpr() - pt.fpr();
    }

    /** F1 of the positive class at a threshold (precision and recall harmonic mean; 0 when nothing passes). */
    public double f1(double threshold) {
        Point pt = at(threshold);
        return Double.isNaN(pt.precision()) || pt.precision() + pt.tpr() == 0
                ? 0
                : 2 * pt.precision() * pt.tpr() / (pt.precision() + pt.tpr());
    }

    /** Share of {@code scores} at or above the threshold. */
    public static double passRate(double[] scores, double threshold) {
        return scores.length == 0 ? Double.NaN : (double) passing(scores, threshold) / scores.length;
    }

    private static int passing(double[] scores, double threshold) {
        int c = 0;
        for (double s : scores) {
            if (s >= threshold) {
                c++;
            }
        }
        return c;
    }
}
