package dev.sluice.answers.bench;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.Outcome;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.report.RunCounts;
import dev.sluice.answers.simulator.SimulatorStats;
import dev.sluice.platform.delay.bench.RawKafka;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.report.MachineCpu;
import dev.sluice.platform.report.ProcessCpu;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The answers pipeline benchmark's phases, against a pipeline the caller has started (the answers
 * services, the scoring job, storage; for the HTTP phase a gateway): raw Kafka produce→consume of
 * records the size of a question task; sustained questions/s into Kafka or over HTTP, counted as
 * results stored in PostgreSQL per second after a warm-up, with a bounded backlog; end-to-end latency
 * (submitted → stored) at a given rate; and, against a simulator enforcing a quota, successful and
 * rejected calls and lost questions. Counts come from the database ({@link RunCounts}), never from
 * the services' own counters.
 */
public final class PipelineBench {
    /** What to run; {@code workers} is only reported (the caller starts them). */
    public record Settings(
            int seconds,
            int warmup,
            int latencySeconds,
            double quota,
            int quotaSeconds,
            int workers,
            int httpBatch,
            int backlog) {
        public Settings {
            if (seconds < 1 || warmup < 0 || latencySeconds < 1 || quotaSeconds < 1 || httpBatch < 1 || backlog < 1) {
                throw new IllegalArgumentException("--seconds, --latency-seconds, --quota-seconds, --http-batch and"
                        + " --backlog must be at least 1, --warmup at least 0");
            }
            if (quota <= 0) {
                throw new IllegalArgumentException("--quota must be more than 0 calls/s, e.g. 20");
            }
        }

        /** The flags every phase shares, as a report's command line writes them (leading space). */
        public String runFlags() {
            return " --seconds " + seconds + " --warmup " + warmup + " --latency-seconds " + latencySeconds
                    + " --backlog " + backlog;
        }
    }

    /**
     * A throughput phase: results stored per second, and over the same window the machine's CPU busy
     * share and the CPU-seconds per 1,000 results stored, of the whole machine (every process:
     * PostgreSQL too) and of this JVM plus the processes it started (the load process, if any);
     * null where unknown.
     */
    public record Sustained(double rate, Double cpuBusy, Double cpuSecondsPer1000, Double processCpuSecondsPer1000) {}

    /** Where the HTTP phase's load generator runs: in this JVM, in its own process ({@link LoadProcess}), or both in turn. */
    public enum HttpLoad {
        IN_PROCESS,
        PROCESS,
        BOTH;

        boolean inProcess() {
            return this != PROCESS;
        }

        boolean separate() {
            return this != IN_PROCESS;
        }
    }

    private final KafkaClients clients;
    private final DataSource db;
    private final List<QaPair> pairs;
    private final Clock clock;
    private final Settings s;

    public PipelineBench(KafkaClients clients, DataSource db, List<QaPair> pairs, Clock clock, Settings settings) {
        this.clients = clients;
        this.db = db;
        this.pairs = List.copyOf(pairs);
        this.clock = clock;
        this.s = settings;
    }

    /** Mean JSON size of a question task from the sample: the raw baseline sends records this big. */
    public static int taskBytes(List<QaPair> pairs) throws Exception {
        long total = 0;
        for (QaPair p : pairs) {
            total += Json.mapper()
                    .writeValueAsBytes(QuestionTask.first(
                            "bench-00000000-" + p.id(),
                            p.title(),
                            p.content(),
                            p.bestAnswer(),
                            java.time.Instant.now()))
                    .length;
        }
        return (int) (total / pairs.size());
    }

    /** Raw Kafka, unpaced, on the same broker: records/s of {@code recordBytes}-byte records. */
    public double rawKafka(int recordBytes) throws Exception {
        return RawKafka.measure(clients, "bench.raw.", 3, 50_000, 1e9, recordBytes)
                .perSecond();
    }

    /**
     * Sustained questions/s straight to Kafka, then over HTTP through {@code gateway} (batches of
     * {@code httpBatch}), then the latency at half the Kafka rate: the throughput phases, in one map.
     */
    public Map<String, Object> throughputPhases(HttpTarget gateway) throws Exception {
        return throughputPhases(gateway, HttpLoad.IN_PROCESS, null);
    }

    /**
     * As above, with the HTTP phase's load generator in this JVM, in its own process started by
     * {@code launcher} (against the same gateway), or both one after the other.
     */
    public Map<String, Object> throughputPhases(HttpTarget gateway, HttpLoad where, LoadProcess.Launcher launcher)
            throws Exception {
        if (where.separate() && launcher == null) {
            throw new IllegalArgumentException("the HTTP load in its own process needs a launcher");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Sustained kafka = sustained("kafka", null);
        result.put("kafka_questions_per_s", kafka.rate());
        putCpu(result, "kafka", kafka);
        if (where.inProcess()) {
            Sustained overHttp = sustained("http", gateway);
            result.put("http_questions_per_s", overHttp.rate());
            putCpu(result, "http", overHttp);
        }
        if (where.separate()) {
            String run = "httpp" + UUID.randomUUID().toString().substring(0, 6);
            try (LoadProcess child = launcher.start(run, s.httpBatch())) {
                Sustained separate = sustained("http (load process)", run, null, child);
                result.put("http_separate_questions_per_s", separate.rate());
                putCpu(result, "http_separate", separate);
            }
        }
        result.put("http_batch", s.httpBatch());
        result.putAll(latencyAt(kafka.rate() / 2));
        return result;
    }

    private static void putCpu(Map<String, Object> result, String phase, Sustained sustained) {
        result.put(phase + "_cpu_busy", sustained.cpuBusy());
        result.put(phase + "_cpu_s_per_1000", sustained.cpuSecondsPer1000());
        result.put(phase + "_process_cpu_s_per_1000", sustained.processCpuSecondsPer1000());
    }

    /**
     * Question {@code i} of an HTTP run: a sample question with the run's id and {@code i} in its
     * title, so no two are the same question and none is answered from the cache.
     */
    static QaPair httpQuestion(List<QaPair> pairs, String run, long i) {
        QaPair p = pairs.get((int) (i % pairs.size()));
        return new QaPair(run + "-" + i, p.title() + " (" + i + ")", p.content(), p.bestAnswer(), p.category());
    }

    /** Adds the Kafka phase's ratio to the raw baseline, when both ran. */
    public static void addRatioToRaw(Map<String, Object> result) {
        if (result.containsKey("kafka_questions_per_s")) {
            result.put(
                    "kafka_ratio_to_raw",
                    round2((double) result.get("kafka_questions_per_s") / (double) result.get("raw_kafka_per_s")));
        }
    }

    /** No question lost in the quota phase (true when it did not run). */
    public static boolean nothingLost(Map<String, Object> result) {
        return ((Number) result.getOrDefault("quota_lost", 0L)).longValue() == 0;
    }

    /**
     * Keeps at most {@code backlog} questions in the pipeline and counts results stored per second
     * between the end of the warm-up and the end of the phase. {@code http} null: straight to Kafka.
     */
    public Sustained sustained(String phase, HttpTarget http) throws Exception {
        return sustained(phase, phase + UUID.randomUUID().toString().substring(0, 6), http, null);
    }

    /**
     * As above; with {@code child} (started for run {@code run}) the sends are the load process's:
     * this loop only allows it questions up to the backlog bound, as it would send them itself.
     */
    private Sustained sustained(String phase, String run, HttpTarget http, LoadProcess child) throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore outstanding = new Semaphore(256);
        long t0 = System.nanoTime();
        long warmEnd = t0 + Duration.ofSeconds(s.warmup()).toNanos();
        long end = warmEnd + Duration.ofSeconds(s.seconds()).toNanos();
        long doneAtWarm = -1;
        MachineCpu.Reading cpuAtWarm = null;
        long processCpuAtWarm = -1;
        long done = 0;
        long lastPoll = 0;
        try (KafkaQuestionPublisher publisher =
                new KafkaQuestionPublisher(clients, "bench-" + run, Duration.ofSeconds(30))) {
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now - lastPoll > 250_000_000L) {
                    done = RunCounts.done(db, run);
                    lastPoll = now;
                    if (doneAtWarm < 0 && now >= warmEnd) {
                        doneAtWarm = done;
                        cpuAtWarm = MachineCpu.read();
                        processCpuAtWarm = ProcessCpu.nanos();
                    }
                    if (child != null) {
                        child.allow(done + s.backlog());
                    }
                    System.err.printf(
                            "\r  %s: %s %d, stored %d, %.0f/s   ",
                            phase,
                            child == null ? "sent" : "allowed",
                            child == null ? sent.get() : done + s.backlog(),
                            done,
                            done / Math.max(1e-3, (now - t0) / 1e9));
                }
                if (child != null || sent.get() - done >= s.backlog()) {
                    LockSupport.parkNanos(5_000_000L);
                    continue;
                }
                outstanding.acquire();
                CompletableFuture<?> f;
                if (http == null) {
                    long i = sent.getAndIncrement();
                    QaPair p = pairs.get((int) (i % pairs.size()));
                    f = publisher.send(
                            QuestionTask.first(run + "-" + i, p.title(), p.content(), p.bestAnswer(), clock.instant()));
                } else {
                    List<QaPair> batch = new ArrayList<>(s.httpBatch());
                    for (int k = 0; k < s.httpBatch(); k++) {
                        batch.add(httpQuestion(pairs, run, sent.getAndIncrement()));
                    }
                    int size = batch.size();
                    f = (size == 1 ? http.send(batch.get(0)) : http.sendBatch(batch)).thenAccept(o -> {
                        if (o == Outcome.FAILED) {
                            failed.addAndGet(size);
                        }
                    });
                }
                f.whenComplete((v, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                    outstanding.release();
                });
            }
        }
        long doneAtEnd = RunCounts.done(db, run);
        MachineCpu.Reading cpuAtEnd = MachineCpu.read();
        long processCpuAtEnd = ProcessCpu.nanos(); // while the load process still runs, so it is counted
        if (child != null) {
            CreditedHttpLoad.Result r = child.stop(Duration.ofMinutes(2));
            sent.set(r.sent());
            failed.set(r.failed());
        }
        long stored = doneAtEnd - Math.max(0, doneAtWarm);
        double rate = round1(stored / (double) s.seconds());
        double busy = cpuAtWarm == null ? Double.NaN : cpuAtEnd.busySince(cpuAtWarm);
        double machineSeconds = cpuAtWarm == null ? Double.NaN : cpuAtEnd.busySecondsSince(cpuAtWarm);
        double processSeconds =
                processCpuAtWarm < 0 || processCpuAtEnd < 0 ? Double.NaN : (processCpuAtEnd - processCpuAtWarm) / 1e9;
        // let this phase's backlog drain before the next phase starts, so each measures only itself
        awaitDone(run, sent.get(), Duration.ofMinutes(2));
        System.err.printf(
                "%n  %s: %.1f questions/s stored (sent %d, failed sends %d)%n", phase, rate, sent.get(), failed.get());
        if (failed.get() > 0) {
            throw new IllegalStateException(phase + ": " + failed.get()
                    + " questions were not accepted; the benchmark would count them as slow");
        }
        return new Sustained(
                rate,
                Double.isNaN(busy) ? null : round2(busy),
                perThousand(machineSeconds, stored),
                perThousand(processSeconds, stored));
    }

    /** CPU-seconds per 1,000 results, to two decimals; null when unknown or nothing was stored. */
    private static Double perThousand(double cpuSeconds, long stored) {
        return Double.isNaN(cpuSeconds) || stored <= 0 ? null : round2(cpuSeconds * 1000 / stored);
    }

    /** {@code count} questions of run {@code run} straight to Kafka, open loop, at a constant {@code rate} per second. */
    private void sendPaced(String run, long count, double rate) {
        try (KafkaQuestionPublisher publisher =
                new KafkaQuestionPublisher(clients, "bench-" + run, Duration.ofSeconds(30))) {
            long gap = (long) (1e9 / rate);
            long due = System.nanoTime();
            for (long i = 0; i < count; i++) {
                due += gap;
                LockSupport.parkNanos(due - System.nanoTime());
                QaPair p = pairs.get((int) (i % pairs.size()));
                publisher.send(
                        QuestionTask.first(run + "-" + i, p.title(), p.content(), p.bestAnswer(), clock.instant()));
            }
        }
    }

    /** Open-loop constant arrivals at {@code rate}; latency = stored minus submitted, from the database. */
    public Map<String, Object> latencyAt(double rate) throws Exception {
        if (!(rate > 0)) {
            // a paced send at 0/s would wait forever
            throw new IllegalStateException("no rate to measure the latency at (" + rate + "/s): no result was stored"
                    + " in the Kafka phase's window; give --seconds more than the end-to-end time (about two"
                    + " checkpoint intervals) and --warmup a few seconds");
        }
        String run = "lat" + UUID.randomUUID().toString().substring(0, 6);
        long count = Math.max(1, Math.round(rate * s.latencySeconds()));
        sendPaced(run, count, rate);
        awaitDone(run, count, Duration.ofMinutes(5));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency_rate_per_s", round1(rate));
        long[] p = RunCounts.latencyMillis(db, run, 0.5, 0.95, 0.99);
        m.put("latency_ms_p50", p[0]);
        m.put("latency_ms_p95", p[1]);
        m.put("latency_ms_p99", p[2]);
        System.err.println("  latency at " + round1(rate) + "/s: " + m);
        return m;
    }

    /** Demand at 1.5 × the quota for {@code quotaSeconds}; then every question must still finish. {@code simulator}: the running simulator's counters. */
    public Map<String, Object> quotaPhase(Supplier<SimulatorStats.Snapshot> simulator) throws Exception {
        String run = "quota" + UUID.randomUUID().toString().substring(0, 6);
        double offered = s.quota() * 1.5;
        long count = Math.round(offered * s.quotaSeconds());
        var before = simulator.get();
        long t0 = System.nanoTime();
        sendPaced(run, count, offered);
        var during = simulator.get();
        double window = (System.nanoTime() - t0) / 1e9;
        long done = awaitDone(run, count, Duration.ofMinutes(10));
        var after = simulator.get();
        Map<String, Object> m = new LinkedHashMap<>();
        long calls = after.requests() - before.requests();
        long rejected = after.quotaRejected() - before.quotaRejected();
        m.put("quota_per_s", s.quota());
        m.put("quota_offered_per_s", offered);
        m.put("quota_successful_per_s", round1((during.answered() - before.answered()) / window));
        m.put("quota_use", round2((during.answered() - before.answered()) / window / s.quota()));
        m.put("quota_calls", calls);
        m.put("quota_rejected", rejected);
        m.put("quota_rejected_share", round3(calls == 0 ? 0 : (double) rejected / calls));
        m.put("quota_questions", count);
        m.put("quota_lost", count - done);
        System.err.println("  quota phase: " + m);
        return m;
    }

    /**
     * One row of the checkpoint sweep, against a pipeline the caller has started with a scoring job
     * checkpointing every {@code intervalMs}: its Kafka-fed capacity, then the latency at {@code
     * latencyRate} questions/s, or at half this capacity when null (the first row's).
     */
    public CheckpointSweep.Row checkpointRow(long intervalMs, Double latencyRate) throws Exception {
        Sustained kafka = sustained("cp" + intervalMs, null);
        double rate = latencyRate == null ? kafka.rate() / 2 : latencyRate;
        Map<String, Object> lat = latencyAt(rate);
        return new CheckpointSweep.Row(
                intervalMs,
                kafka.rate(),
                kafka.cpuBusy(),
                (double) lat.get("latency_rate_per_s"),
                (long) lat.get("latency_ms_p50"),
                (long) lat.get("latency_ms_p95"),
                (long) lat.get("latency_ms_p99"),
                null);
    }

    private long awaitDone(String run, long count, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        long done;
        do {
            LockSupport.parkNanos(500_000_000L);
            done = RunCounts.done(db, run);
            System.err.printf("\r  %s: %d/%d stored   ", run, done, count);
        } while (done < count && System.nanoTime() < deadline);
        System.err.println();
        return done;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
