package dev.sluice.answers.analysis.cache;

import java.util.Arrays;

/** A measured latency distribution, in microseconds: what one operation cost, call by call. */
public record Latency(
        String what, int samples, double meanMicros, double p50Micros, double p90Micros, double p99Micros) {
    public static Latency of(String what, long[] nanos) {
        if (nanos.length == 0) {
            return new Latency(what, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow() / 1000;
        return new Latency(what, sorted.length, mean, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1000.0;
    }
}
