package dev.sluice.answers.simulator;

import java.util.Objects;

/**
 * Everything the simulator can be told.
 *
 * @param port            0 for an ephemeral port
 * @param seed            same seed, same answers and fates for the same (question, attempt)
 * @param capacity        concurrent requests served; the next one is rejected with
 *                        {@code overloadStatus}. 0 = unlimited
 * @param overloadStatus  503 (server overloaded; Ollama's "server busy") or 429 (rate limit, no quota words)
 * @param quotaPerSecond  token-bucket refill rate; an empty bucket answers 429 {@code insufficient_quota}
 *                        with Retry-After. 0 = no quota
 * @param quotaBurst      bucket size (calls allowed at once after a quiet spell)
 * @param fatalRate       share of calls answered 400
 * @param emptyRate       share of calls answered 200 with empty content
 */
public record SimulatorSettings(
        int port,
        long seed,
        LatencyModel latency,
        int capacity,
        int overloadStatus,
        double quotaPerSecond,
        int quotaBurst,
        double fatalRate,
        double emptyRate,
        QualityModel quality) {

    public static final String MODEL = "sluice-simulator";

    public SimulatorSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("simulator port must be 0 (ephemeral) to 65535, was " + port);
        }
        Objects.requireNonNull(latency, "simulator latency (LatencyModel.ZERO for none)");
        Objects.requireNonNull(quality, "simulator quality (QualityModel.DEFAULT)");
        if (capacity < 0) {
            throw new IllegalArgumentException("simulator capacity must be 0 (unlimited) or more, was " + capacity);
        }
        if (overloadStatus != 503 && overloadStatus != 429) {
            throw new IllegalArgumentException("simulator overload status must be 503 or 429, was " + overloadStatus);
        }
        if (!(quotaPerSecond >= 0) || Double.isInfinite(quotaPerSecond)) {
            throw new IllegalArgumentException(
                    "simulator quota per second must be 0 (none) or a positive number, was " + quotaPerSecond);
        }
        if (quotaPerSecond > 0 && quotaBurst < 1) {
            throw new IllegalArgumentException(
                    "simulator quota burst must be at least 1 when a quota is set, was " + quotaBurst);
        }
        Rates.check("simulator fatal rate", fatalRate);
        Rates.check("simulator empty rate", emptyRate);
        if (fatalRate + emptyRate > 1) {
            throw new IllegalArgumentException(
                    "simulator fatal rate + empty rate must be at most 1, was " + (fatalRate + emptyRate));
        }
    }

    /** No latency, no errors, default quality, ephemeral port: the starting point for tests. */
    public static SimulatorSettings defaults(long seed) {
        return new SimulatorSettings(0, seed, LatencyModel.ZERO, 0, 503, 0, 0, 0, 0, QualityModel.DEFAULT);
    }

    /**
     * The demo's simulator: LLM-like latency (median 300 ms, p95 1.2 s), 503 above 12 concurrent
     * calls, a quota of 10 calls/s (burst 10), 1% fatal and 2% empty answers, default quality. The
     * demo's two workers may run 16 calls at once and its default 25 questions/s plus regenerations
     * ask for more than 10 calls/s, so both retry classes, the adaptive limiter and regenerations all
     * show up within a minute of traffic.
     */
    public static SimulatorSettings demo(long seed) {
        return new SimulatorSettings(
                0,
                seed,
                LatencyModel.of(java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(1200)),
                12,
                503,
                10,
                10,
                0.01,
                0.02,
                QualityModel.DEFAULT);
    }

    public SimulatorSettings withPort(int p) {
        return new SimulatorSettings(
                p, seed, latency, capacity, overloadStatus, quotaPerSecond, quotaBurst, fatalRate, emptyRate, quality);
    }

    public SimulatorSettings withLatency(LatencyModel l) {
        return new SimulatorSettings(
                port, seed, l, capacity, overloadStatus, quotaPerSecond, quotaBurst, fatalRate, emptyRate, quality);
    }

    public SimulatorSettings withCapacity(int c, int status) {
        return new SimulatorSettings(
                port, seed, latency, c, status, quotaPerSecond, quotaBurst, fatalRate, emptyRate, quality);
    }

    public SimulatorSettings withQuota(double perSecond, int burst) {
        return new SimulatorSettings(
                port, seed, latency, capacity, overloadStatus, perSecond, burst, fatalRate, emptyRate, quality);
    }

    public SimulatorSettings withErrorRates(double fatal, double empty) {
        return new SimulatorSettings(
                port, seed, latency, capacity, overloadStatus, quotaPerSecond, quotaBurst, fatal, empty, quality);
    }

    public SimulatorSettings withQuality(QualityModel q) {
        return new SimulatorSettings(
                port, seed, latency, capacity, overloadStatus, quotaPerSecond, quotaBurst, fatalRate, emptyRate, q);
    }
}
