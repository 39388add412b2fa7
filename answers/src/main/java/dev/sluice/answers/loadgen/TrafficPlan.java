package dev.sluice.answers.loadgen;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What traffic to drive: arrivals ({@code poisson}/{@code constant} at {@code ratePerSecond}, or
 * {@code burst}: {@code burstSize} questions at once, as often as keeps the same mean rate),
 * popularity ({@code uniform} or {@code zipf} with {@code zipfExponent}), when to stop (after
 * {@code maxQuestions}, after {@code maxDuration}, whichever comes first; 0/null = no such bound,
 * but one is required), how many requests may be outstanding, and the seed that makes a run
 * repeatable.
 */
public record TrafficPlan(
        Arrival arrival,
        double ratePerSecond,
        int burstSize,
        Spread popularity,
        double zipfExponent,
        long maxQuestions,
        Duration maxDuration,
        int concurrency,
        long seed) {

    public enum Arrival {
        POISSON,
        CONSTANT,
        BURST
    }

    public enum Spread {
        UNIFORM,
        ZIPF
    }

    public TrafficPlan {
        Objects.requireNonNull(arrival, "arrival: one of poisson, constant, burst");
        Objects.requireNonNull(popularity, "popularity: one of uniform, zipf");
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException(
                    "rate: must be a positive number of questions per second, was " + ratePerSecond);
        }
        if (arrival == Arrival.BURST && burstSize < 1) {
            throw new IllegalArgumentException("burst size: must be at least 1 with burst arrivals, was " + burstSize);
        }
        if (popularity == Spread.ZIPF && (!(zipfExponent >= 0) || Double.isInfinite(zipfExponent))) {
            throw new IllegalArgumentException(
                    "zipf exponent: must be a number >= 0 (1.0 is typical), was " + zipfExponent);
        }
        if (maxQuestions < 0) {
            throw new IllegalArgumentException(
                    "questions: must be >= 0 (0 = bounded by duration only), was " + maxQuestions);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("duration: must be positive when given, e.g. 60s, was " + maxDuration);
        }
        if (maxQuestions == 0 && maxDuration == null) {
            throw new IllegalArgumentException("a run needs a bound: a number of questions, a duration, or both");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException(
                    "concurrency: must be at least 1 outstanding request, was " + concurrency);
        }
    }

    /** {@code count} questions, Poisson at {@code rate}/s, Zipf(1.0), 64 outstanding. */
    public static TrafficPlan questions(long count, double rate, long seed) {
        return new TrafficPlan(Arrival.POISSON, rate, 10, Spread.ZIPF, 1.0, count, null, 64, seed);
    }

    public TrafficPlan withArrival(Arrival kind, int burst) {
        return new TrafficPlan(
                kind, ratePerSecond, burst, popularity, zipfExponent, maxQuestions, maxDuration, concurrency, seed);
    }

    public TrafficPlan withPopularity(Spread kind, double exponent) {
        return new TrafficPlan(
                arrival, ratePerSecond, burstSize, kind, exponent, maxQuestions, maxDuration, concurrency, seed);
    }

    public TrafficPlan withBounds(long questions, Duration duration) {
        return new TrafficPlan(
                arrival, ratePerSecond, burstSize, popularity, zipfExponent, questions, duration, concurrency, seed);
    }

    public TrafficPlan withConcurrency(int outstanding) {
        return new TrafficPlan(
                arrival,
                ratePerSecond,
                burstSize,
                popularity,
                zipfExponent,
                maxQuestions,
                maxDuration,
                outstanding,
                seed);
    }

    /** A fresh arrival process for one run. Bursts are spaced so the mean rate is still {@code ratePerSecond}. */
    public ArrivalProcess arrivals() {
        return switch (arrival) {
            case POISSON -> ArrivalProcess.poisson(ratePerSecond);
            case CONSTANT -> ArrivalProcess.constant(ratePerSecond);
            case BURST -> ArrivalProcess.bursts(burstSize, Duration.ofNanos((long) (burstSize * 1e9 / ratePerSecond)));
        };
    }

    public Popularity popularityOver(int questions) {
        return popularity == Spread.ZIPF ? Popularity.zipf(questions, zipfExponent) : Popularity.uniform(questions);
    }

    /** For CLI options: {@code poisson|constant|burst}, case-insensitive. */
    public static Arrival parseArrival(String name) {
        try {
            return Arrival.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("arrival: '" + name + "' is not one of poisson, constant, burst");
        }
    }
}
