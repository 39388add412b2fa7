package dev.sluice.answers.loadgen;

import java.util.Arrays;
import java.util.Random;

/**
 * Which of {@code n} questions is asked next. Zipf makes a few questions very popular, as on a
 * real Q&A site, so repeats reach the gateway's cache and the policies can be compared; uniform
 * is the cache's worst case.
 */
public interface Popularity {
    /** An index in [0, n). */
    int next(Random random);

    static Popularity uniform(int n) {
        checkCount(n);
        return random -> random.nextInt(n);
    }

    /**
     * Zipf with exponent {@code s}: the item of rank k (index k-1, so the list's first question is
     * the most popular) is drawn with probability proportional to 1/k^s. s = 0 is uniform; around 1
     * is typical of web traffic. The cumulative weights are computed once; a draw is a binary search.
     */
    static Popularity zipf(int n, double s) {
        checkCount(n);
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("zipf exponent: must be a number >= 0 (1.0 is typical), was " + s);
        }
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / Math.pow(k, s);
            cumulative[k - 1] = sum;
        }
        double total = sum;
        return random -> {
            int i = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            return Math.min(i >= 0 ? i : -i - 1, n - 1);
        };
    }

    private static void checkCount(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("questions: need at least 1 question to choose from, had " + n);
        }
    }
}
