package dev.sluice.scoring.agreement;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Correlation of a metric with human judgements: Pearson (linear) and Spearman (rank, ties averaged). */
public final class Agreement {

    private Agreement() {}

    public static double pearson(double[] x, double[] y) {
        check(x, y);
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN; // a constant column has no correlation; NaN says so instead of a fake 0
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Pearson of the ranks, tied values sharing their average rank (as scipy.stats.spearmanr). */
    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /** 1-based ranks; a run of equal values gets the mean of the ranks it spans. */
    public static double[] ranks(double[] v) {
        Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("need paired samples, got " + x.length + " and " + y.length + " values");
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("need at least 2 pairs for a correlation, got " + x.length);
        }
    }
}
