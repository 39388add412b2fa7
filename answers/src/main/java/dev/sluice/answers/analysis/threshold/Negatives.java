package dev.sluice.answers.analysis.threshold;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Which other question's answer each question is scored against as a negative.
 *
 * <p><b>Hard</b>: the other question whose title is most similar (cosine of the titles' sentence
 * vectors), within the same category when categories are known (the Kaggle layout's class 1-10),
 * among all questions otherwise. <b>Easy</b>: a random other question, from another category when
 * categories are known. The caller has removed duplicate titles and answers from the pool, so a
 * nearest title is a different question, not the same one asked twice.
 *
 * @param hard index of each question's hard negative
 * @param hardTitleCosine the title cosine of that pair (how similar the hard negatives are)
 * @param easy index of each question's easy negative
 * @param easyTitleCosine the title cosine of the easy pair
 */
public record Negatives(int[] hard, double[] hardTitleCosine, int[] easy, double[] easyTitleCosine) {

    /**
     * @param titles unit-length title vectors, one per question
     * @param categories one per question, or null where the data has none
     */
    public static Negatives choose(float[][] titles, String[] categories, long seed) {
        Objects.requireNonNull(titles, "titles");
        int n = titles.length;
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 questions to pick negatives, got " + n);
        }
        boolean byCategory = categories != null;
        int[] hard = new int[n];
        double[] hardCos = new double[n];
        int[] easy = new int[n];
        double[] easyCos = new double[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestCos = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i || (byCategory && !Objects.equals(categories[i], categories[j]))) {
                    continue;
                }
                double c = dot(titles[i], titles[j]);
                if (c > bestCos) {
                    bestCos = c;
                    best = j;
                }
            }
            if (best < 0) {
                throw new IllegalArgumentException("question " + i + " is alone in its category " + categories[i]
                        + "; a hard negative needs another question of the same category");
            }
            hard[i] = best;
            hardCos[i] = bestCos;
            int e = pickEasy(i, n, categories, random);
            easy[i] = e;
            easyCos[i] = dot(titles[i], titles[e]);
        }
        return new Negatives(hard, hardCos, easy, easyCos);
    }

    private static int pickEasy(int i, int n, String[] categories, SplittableRandom random) {
        for (int tries = 0; tries < 10_000; tries++) {
            int j = random.nextInt(n);
            if (j != i && (categories == null || !Objects.equals(categories[i], categories[j]))) {
                return j;
            }
        }
        throw new IllegalArgumentException("no question outside category " + categories[i] + " for an easy negative");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
