package dev.sluice.answers.loadgen;

import java.time.Duration;

/**
 * A snapshot for the progress bar. {@code planned} is the question bound, or -1 when only a
 * duration bounds the run (then {@code elapsed} over {@code plannedDuration} is the fraction done).
 */
public record TrafficProgress(
        long planned, Duration plannedDuration, long sent, long queued, long answered, long failed, Duration elapsed) {

    public long completed() {
        return queued + answered + failed;
    }

    public long outstanding() {
        return sent - completed();
    }

    /** Questions sent per second so far. */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }
}
