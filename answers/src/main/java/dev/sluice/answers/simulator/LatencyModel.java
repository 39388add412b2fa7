package dev.sluice.answers.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Lognormal response times, given as the two numbers people quote: median and p95. LLM latencies
 * are right-skewed (most calls near the median, a long tail), which a lognormal matches well
 * enough for load tests. {@link #ZERO} answers at once, for tests and benchmarks.
 */
public record LatencyModel(Duration median, Duration p95) {
    public static final LatencyModel ZERO = new LatencyModel(Duration.ZERO, Duration.ZERO);
    private static final double Z95 = 1.6448536269514722;

    public LatencyModel {
        Objects.requireNonNull(median, "simulator latency median");
        Objects.requireNonNull(p95, "simulator latency p95");
        if (median.isNegative() || p95.compareTo(median) < 0) {
            throw new IllegalArgumentException(
                    "simulator latency needs 0 <= median <= p95, was median " + median + ", p95 " + p95);
        }
        if (median.isZero() && !p95.isZero()) {
            throw new IllegalArgumentException("simulator latency median must be above 0 when p95 is (" + p95 + ")");
        }
    }

    public static LatencyModel of(Duration median, Duration p95) {
        return new LatencyModel(median, p95);
    }

    /** One sample; the same random state gives the same sample. */
    public Duration sample(SplittableRandom random) {
        if (median.isZero()) {
            return Duration.ZERO;
        }
        double mu = Math.log(median.toNanos());
        double sigma = Math.log((double) p95.toNanos() / median.toNanos()) / Z95;
        double nanos = Math.exp(mu + sigma * gaussian(random));
        return Duration.ofNanos((long) Math.min(nanos, Duration.ofMinutes(10).toNanos()));
    }

    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
