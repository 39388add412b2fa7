package dev.sluice.answers.analysis.retry;

import java.util.List;

/**
 * One run's headline numbers, from its questions and calls.
 *
 * @param goodputRatio answers per second while questions were still arriving, over the quota (quota
 *     schedule) or over the arrival rate (no quota): 1 means every second of demand or quota was used
 */
public record RetryMetrics(
        int questions,
        double recoveredPct,
        double deadLetteredPct,
        double unfinishedPct,
        double callsPerQuestion,
        long rejectedCalls,
        double retriesPerRecovered,
        double waitMeanMillis,
        double waitP95Millis,
        double completionMeanSeconds,
        double completionP95Seconds,
        double goodputRatio) {

    /** @param ceilingPerSecond the quota, or the arrival rate when there is none */
    public static RetryMetrics of(RetryRun.Result r, long arrivalMillis, double ceilingPerSecond) {
        List<RetryRun.Question> qs = r.questions();
        int n = qs.size();
        List<RetryRun.Question> recovered =
                qs.stream().filter(RetryRun.Question::recovered).toList();
        long dead = qs.stream().filter(RetryRun.Question::deadLettered).count();
        long unfinished = n - recovered.size() - dead;
        long rejected = r.calls().stream()
                .filter(c -> c.outcome().equals("overload") || c.outcome().equals("quota"))
                .count();
        double[] waits = qs.stream()
                .filter(q -> !"unfinished".equals(q.fate()))
                .mapToDouble(RetryRun.Question::waitedMillis)
                .sorted()
                .toArray();
        double[] completions = recovered.stream()
                .mapToDouble(q -> q.completionMillis() / 1000.0)
                .sorted()
                .toArray();
        long answersInWindow = r.calls().stream()
                .filter(c -> c.outcome().equals("answer") && c.atMillis() < arrivalMillis)
                .count();
        return new RetryMetrics(
                n,
                pct(recovered.size(), n),
                pct(dead, n),
                pct(unfinished, n),
                n == 0 ? 0 : (double) r.calls().size() / n,
                rejected,
                recovered.stream().mapToInt(q -> q.calls() - 1).average().orElse(Double.NaN),
                mean(waits),
                percentile(waits, 95),
                mean(completions),
                percentile(completions, 95),
                answersInWindow / (arrivalMillis / 1000.0) / ceilingPerSecond);
    }

    /** Nearest-rank percentile of sorted values; NaN for none. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double mean(double[] values) {
        return values.length == 0
                ? Double.NaN
                : java.util.Arrays.stream(values).average().orElse(Double.NaN);
    }

    private static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
