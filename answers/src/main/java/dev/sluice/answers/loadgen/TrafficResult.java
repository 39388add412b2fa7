package dev.sluice.answers.loadgen;

import java.time.Duration;

/**
 * A finished run. {@code maxLag} is how far the sends fell behind their schedule at worst: near
 * zero means the target kept up with the planned rate; large means the concurrency bound (or this
 * machine) throttled the run and the achieved rate, not the planned one, is what was measured.
 */
public record TrafficResult(long sent, long queued, long answered, long failed, Duration elapsed, Duration maxLag) {
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }
}
