package dev.sluice.scoring.agreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses composite weights by exhaustive grid search on the simplex (weights are multiples of
 * {@code step} summing to 1), maximising Spearman correlation with the human scores. Why a grid and
 * not least squares: the target is a rank correlation, the metrics are few, and a grid is
 * deterministic and easy to read; at step 0.05 and four metrics it is 1,771 candidates. Ties keep
 * the first candidate in enumeration order, so the result never depends on timing.
 */
public final class WeightFit {

    private WeightFit() {}

    public record Result(Map<String, Double> weights, double spearman) {}

    public static Result fit(Map<String, double[]> metrics, double[] human, double step) {
        if (!(step > 0 && step <= 1)) {
            throw new IllegalArgumentException("grid step must be in (0, 1], was " + step);
        }
        List<String> names = new ArrayList<>(metrics.keySet());
        int units = (int) Math.round(1 / step);
        double[] humanRanks = Agreement.ranks(human);
        Result[] best = {null};
        enumerate(new int[names.size()], 0, units, counts -> {
            double[] combined = new double[human.length];
            for (int m = 0; m < names.size(); m++) {
                if (counts[m] == 0) {
                    continue;
                }
                double w = counts[m] / (double) units;
                double[] col = metrics.get(names.get(m));
                for (int i = 0; i < combined.length; i++) {
                    combined[i] += w * col[i];
                }
            }
            double rho = Agreement.pearson(Agreement.ranks(combined), humanRanks);
            if (!Double.isNaN(rho) && (best[0] == null || rho > best[0].spearman())) {
                Map<String, Double> weights = new LinkedHashMap<>();
                for (int m = 0; m < names.size(); m++) {
                    weights.put(names.get(m), counts[m] / (double) units);
                }
                best[0] = new Result(weights, rho);
            }
        });
        return best[0];
    }

    private static void enumerate(int[] counts, int index, int left, java.util.function.Consumer<int[]> visit) {
        if (index == counts.length - 1) {
            counts[index] = left;
            visit.accept(counts);
            return;
        }
        for (int c = left; c >= 0; c--) {
            counts[index] = c;
            enumerate(counts, index + 1, left - c, visit);
        }
    }
}
