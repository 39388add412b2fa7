package dev.sluice.answers.analysis.timeline;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stages of many questions at one load: per stage the mean, p50 and p95 (ms, nearest rank) and
 * its share of the mean end-to-end time. Means add up, so the shares add up to 100%; percentiles do
 * not add up, which is why the share is taken from the means.
 */
public record StageSummary(String load, int questions, Map<Stage, Stats> stages, Stats endToEnd, int negativeValues) {
    public record Stats(double mean, double p50, double p95, double share) {}

    public StageSummary {
        Objects.requireNonNull(load, "load");
        stages = Map.copyOf(stages);
    }

    public static StageSummary of(String load, List<QuestionTrace.Split> splits) {
        List<QuestionTrace.Split> complete =
                splits.stream().filter(QuestionTrace.Split::complete).toList();
        long[] totals = complete.stream().mapToLong(QuestionTrace.Split::total).toArray();
        double meanTotal = mean(totals);
        Map<Stage, Stats> stages = new EnumMap<>(Stage.class);
        int negative = 0;
        for (Stage s : Stage.values()) {
            long[] v = complete.stream().mapToLong(x -> x.of(s)).toArray();
            negative += (int) Arrays.stream(v).filter(x -> x < 0).count();
            double m = mean(v);
            stages.put(
                    s,
                    new Stats(m, percentile(v, 0.50), percentile(v, 0.95), meanTotal > 0 ? m / meanTotal : Double.NaN));
        }
        Stats e2e = new Stats(meanTotal, percentile(totals, 0.50), percentile(totals, 0.95), 1.0);
        return new StageSummary(load, complete.size(), stages, e2e, negative);
    }

    public Stats of(Stage s) {
        return stages.get(s);
    }

    static double mean(long[] v) {
        return v.length == 0 ? Double.NaN : Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Nearest rank; NaN for no values. */
    static double percentile(long[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        long[] sorted = v.clone();
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)];
    }
}
