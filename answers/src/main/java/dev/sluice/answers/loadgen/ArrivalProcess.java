package dev.sluice.answers.loadgen;

import java.time.Duration;
import java.util.Random;

/**
 * When the next question is sent: the gap before it, drawn from the generator's seeded random.
 * Instances may keep state (a burst counts its members), so each run takes a fresh one from
 * {@link TrafficPlan#arrivals()}.
 */
public interface ArrivalProcess {
    long nextGapNanos(Random random);

    /** Independent arrivals at {@code perSecond} on average: exponential gaps, as real users produce. */
    static ArrivalProcess poisson(double perSecond) {
        checkRate(perSecond);
        double meanNanos = 1e9 / perSecond;
        // 1 - U lies in (0, 1], so the logarithm is finite
        return random -> (long) (-Math.log(1.0 - random.nextDouble()) * meanNanos);
    }

    /** Exactly {@code perSecond}, evenly spaced: the steady load for throughput and latency runs. */
    static ArrivalProcess constant(double perSecond) {
        checkRate(perSecond);
        long gap = (long) (1e9 / perSecond);
        return random -> gap;
    }

    /** {@code size} questions at once, then nothing for {@code every}: the spike that fills every queue. */
    static ArrivalProcess bursts(int size, Duration every) {
        if (size < 1) {
            throw new IllegalArgumentException("burst size: must be at least 1 question, was " + size);
        }
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("burst period: must be a positive duration, e.g. 1s, was " + every);
        }
        long period = every.toNanos();
        return new ArrivalProcess() {
            private int sentInBurst;

            @Override
            public long nextGapNanos(Random random) {
                // the first question of the run opens the first burst at once
                if (sentInBurst == size) {
                    sentInBurst = 1;
                    return period;
                }
                sentInBurst++;
                return 0;
            }
        };
    }

    private static void checkRate(double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(
                    "rate: must be a positive number of questions per second, was " + perSecond);
        }
    }
}
