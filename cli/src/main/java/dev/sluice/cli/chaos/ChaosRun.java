package dev.sluice.cli.chaos;

import dev.sluice.cli.cluster.Cluster;
import dev.sluice.cli.cluster.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A chaos run: the workload sends from the start; after a fault-free warm-up (the first 20% of the
 * planned time) the faults are injected one at a time, every fault type {@code rounds} times, one
 * every {@code gap}; then sending stops, the run waits until everything acknowledged has finished
 * (or {@code drainTimeout}) and the workload's checker reads what the system produced. Completed
 * items are counted once a second from the system's own store, so each fault's recovery time
 * (until throughput is back to 80% of the rate before it) comes from the same numbers as the plot.
 */
final class ChaosRun {
    /** One injected fault: what, when (ms since the run began), and the repair's end. */
    record Injection(String type, int round, String target, long atMs, long repairedMs, String error) {}

    /** A second of the run: items acknowledged and completed so far (-1: the store did not answer). */
    record Sample(long atMs, long acknowledged, long completed) {}

    record Result(
            List<Injection> injections,
            List<Sample> samples,
            Map<String, Object> check,
            long beganEpochMs,
            long elapsedMs,
            long stoppedSendingMs,
            boolean drained) {}

    private final Cluster cluster;
    private final Workload workload;
    private final List<Fault> faults;
    private final int rounds;
    private final Duration gap;
    private final Duration drainTimeout;
    private final Consumer<String> log;

    ChaosRun(
            Cluster cluster,
            Workload workload,
            List<Fault> faults,
            int rounds,
            Duration gap,
            Duration drainTimeout,
            Consumer<String> log) {
        this.cluster = cluster;
        this.workload = workload;
        this.faults = faults;
        this.rounds = rounds;
        this.gap = gap;
        this.drainTimeout = drainTimeout;
        this.log = log;
    }

    /** The fault-free start: a quarter of the fault phase, so faults begin at 20% of the planned time. */
    Duration warmUp() {
        Duration faultPhase = gap.multipliedBy((long) faults.size() * rounds);
        Duration quarter = faultPhase.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(20)) < 0 ? Duration.ofSeconds(20) : quarter;
    }

    Result run() throws Exception {
        long stoppedMs;
        long began = System.currentTimeMillis();
        List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chaos-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(
                () -> samples.add(
                        new Sample(System.currentTimeMillis() - began, workload.acknowledged(), workload.completed())),
                0,
                1,
                TimeUnit.SECONDS);
        List<Injection> injections = new ArrayList<>();
        try {
            workload.start();
            log.accept(String.format(
                    "warm-up %d s without faults, then %d faults (%d types x %d rounds), one every %d s",
                    warmUp().toSeconds(), faults.size() * rounds, faults.size(), rounds, gap.toSeconds()));
            Thread.sleep(warmUp().toMillis());
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (Fault fault : faults) {
                    n++;
                    long at = System.currentTimeMillis() - began;
                    String target;
                    String error = null;
                    try {
                        target = fault.inject(cluster, round);
                    } catch (Exception e) {
                        target = "?";
                        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
                        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                            why.append(": ").append(c.getMessage());
                        }
                        error = why.toString();
                    }
                    long repaired = System.currentTimeMillis() - began;
                    injections.add(new Injection(fault.type(), round + 1, target, at, repaired, error));
                    log.accept(String.format(
                            "[%2d/%d] %5.0f s  %-20s %-16s repaired after %5.1f s%s | acknowledged %d, completed %d",
                            n,
                            faults.size() * rounds,
                            at / 1000.0,
                            fault.type(),
                            target,
                            (repaired - at) / 1000.0,
                            error == null ? "" : " FAILED: " + error,
                            workload.acknowledged(),
                            Math.max(0, workload.completed())));
                    // the next fault waits for the gap, a whole cluster, and throughput back to 80% of what it was
                    // before this one (at most 3 gaps): faults one at a time, each measured on its own
                    awaitAllReady(Instant.now().plus(Fault.RESTART_TIMEOUT));
                    double before = mean(rates(samples), (int) (at / 1000) - 20, (int) (at / 1000));
                    long latest = at + 3 * gap.toMillis();
                    while (System.currentTimeMillis() - began < latest) {
                        long now = System.currentTimeMillis() - began;
                        double[] rate = rates(samples);
                        boolean recovered = mean(rate, rate.length - 5, rate.length) >= 0.8 * before;
                        if (now >= at + gap.toMillis() && recovered) {
                            break;
                        }
                        Thread.sleep(1000);
                    }
                }
            }
            stoppedMs = System.currentTimeMillis() - began;
            workload.stopSending();
            log.accept("faults done; sending stopped at " + workload.acknowledged()
                    + " acknowledged; waiting for the pipeline to finish them");
            Instant deadline = Instant.now().plus(drainTimeout);
            boolean drained = false;
            while (Instant.now().isBefore(deadline)) {
                if (workload.settled()) {
                    drained = true;
                    break;
                }
                Thread.sleep(1000);
            }
            sampler.shutdownNow();
            Map<String, Object> check = workload.check(injections, began);
            return new Result(
                    List.copyOf(injections),
                    List.copyOf(samples),
                    check,
                    began,
                    System.currentTimeMillis() - began,
                    stoppedMs,
                    drained);
        } finally {
            sampler.shutdownNow();
        }
    }

    /** A fault starts on a whole cluster: every process alive and ready (a broker SIGCONTed, a restart done). */
    private void awaitAllReady(Instant deadline) throws InterruptedException {
        for (Member m : cluster.members()) {
            while (!cluster.ready(m) && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
        }
    }

    /**
     * Per fault: recovery time and the longest window of failed HTTP requests. Recovery is measured
     * on completions per second: the rate before is the mean of the 20 s before the fault; the
     * fault's effect lasts until the last 5 s window, before the next fault (or the end of
     * sending), whose mean is below 80% of that; recovery is the time from the fault to the end of
     * that window (0: throughput never dipped below 80%; -1: still below at the next fault).
     */
    static List<Map<String, Object>> perFault(Result result, RequestLog requests) {
        long beganEpochMs = result.beganEpochMs();
        double[] rate = rates(result.samples());
        List<Injection> all = result.injections();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            Injection i = all.get(k);
            int t0 = (int) (i.atMs() / 1000);
            long horizonMs = k + 1 < all.size() ? all.get(k + 1).atMs() : result.stoppedSendingMs();
            int horizon = (int) Math.min(rate.length, horizonMs / 1000);
            double before = mean(rate, t0 - 20, t0);
            long recovery = 0;
            for (int t = t0; t + 5 <= horizon; t++) {
                if (mean(rate, t, t + 5) < 0.8 * before) {
                    recovery = t + 5 - t0;
                }
            }
            if (horizon - 5 >= t0 && mean(rate, horizon - 5, horizon) < 0.8 * before) {
                recovery = -1;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", i.type());
            row.put("round", i.round());
            row.put("target", i.target());
            row.put("at_s", i.atMs() / 1000);
            row.put("repair_s", (i.repairedMs() - i.atMs()) / 1000.0);
            row.put("rate_before_per_s", Math.round(before * 10) / 10.0);
            row.put("recovery_s", recovery);
            row.put(
                    "longest_failed_http_ms",
                    requests.longestFailureWindow(beganEpochMs + i.atMs(), beganEpochMs + horizonMs));
            if (i.error() != null) {
                row.put("error", i.error());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Completions per second, second by second (a second the store did not answer keeps the last known count). */
    static double[] rates(List<Sample> samples) {
        int n = samples.isEmpty() ? 0 : (int) (samples.get(samples.size() - 1).atMs() / 1000) + 1;
        long[] completed = new long[n];
        long last = 0;
        int k = 0;
        for (int t = 0; t < n; t++) {
            while (k < samples.size() && samples.get(k).atMs() / 1000 <= t) {
                if (samples.get(k).completed() >= 0) {
                    last = Math.max(last, samples.get(k).completed());
                }
                k++;
            }
            completed[t] = last;
        }
        double[] rate = new double[n];
        for (int t = 1; t < n; t++) {
            rate[t] = completed[t] - completed[t - 1];
        }
        return rate;
    }

    private static double mean(double[] values, int from, int to) {
        int a = Math.max(0, from);
        int b = Math.min(values.length, to);
        if (b <= a) {
            return 0;
        }
        double sum = 0;
        for (int i = a; i < b; i++) {
            sum += values[i];
        }
        return sum / (b - a);
    }
}
