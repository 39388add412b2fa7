package dev.sluice.cli;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.Outcome;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.answers.AnswersCommand;
import dev.sluice.cli.answers.AnswersRuntime;
import dev.sluice.cli.answers.LlmOptions;
import dev.sluice.cli.answers.RunCounts;
import dev.sluice.cli.delay.DelayRun;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench pipeline}: the answers pipeline's end-to-end throughput and latency on the
 * embedded stack, next to raw Kafka in the same run (DESIGN targets in docs/benchmarks.md):
 * <ol>
 *   <li>raw Kafka produce→consume of records the size of a question task, unpaced;</li>
 *   <li>sustained questions/s straight to Kafka (simulator at zero latency, no errors), counted as
 *       results stored in PostgreSQL per second after a warm-up, with a bounded backlog;</li>
 *   <li>the same over HTTP through the gateway;</li>
 *   <li>end-to-end latency (submitted → stored) at half the Kafka rate;</li>
 *   <li>the simulator enforcing a quota: successful calls against the quota, rejected calls, lost;</li>
 *   <li>peak resident memory of the embedded stack.</li>
 * </ol>
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Answers pipeline end to end: sustained questions/s (Kafka and HTTP), latency at half rate, quota adherence; next to raw Kafka. Results to docs/benchmarks.md.")
final class BenchPipelineCommand implements Callable<Integer> {
    static final String START = "<!-- bench:pipeline:start -->";
    static final String END = "<!-- bench:pipeline:end -->";

    @Mixin
    StackOptions stack;

    @Option(
            names = "--seconds",
            defaultValue = "60",
            description = "measured seconds of each throughput phase (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(
            names = "--warmup",
            defaultValue = "10",
            description = "seconds before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--latency-seconds",
            defaultValue = "30",
            description = "seconds of the half-rate latency phase (default: ${DEFAULT-VALUE})")
    int latencySeconds;

    @Option(
            names = "--quota",
            defaultValue = "20",
            description = "the simulator's quota in calls/s for the quota phase (default: ${DEFAULT-VALUE})")
    double quota;

    @Option(
            names = "--quota-seconds",
            defaultValue = "40",
            description = "seconds of over-quota demand (1.5 × quota) (default: ${DEFAULT-VALUE})")
    int quotaSeconds;

    @Option(names = "--workers", defaultValue = "2")
    int workers;

    @Option(
            names = "--http-batch",
            defaultValue = "20",
            description =
                    "questions per POST in the HTTP phase (the gateway takes batches; 1 = one request per question) (default: ${DEFAULT-VALUE})")
    int httpBatch;

    /*
     * The backlog bounds the queue, so the phase measures a pipeline that keeps up rather than one
     * filling a topic. It must exceed rate × end-to-end time (exactly-once makes a result visible
     * only after the scoring job's checkpoint, about two intervals) or it measures the latency, not
     * the capacity: with 4,000 the Kafka phase measured ~850 questions/s, with 10,000 1,150-1,330 on
     * the same machine (docs/benchmarks.md).
     */
    @Option(
            names = "--backlog",
            defaultValue = "10000",
            description =
                    "most questions in the pipeline at once while measuring throughput; keep it above rate × end-to-end seconds (default: ${DEFAULT-VALUE})")
    int backlog;

    /** A throughput phase: results stored per second, and the machine's CPU busy share (null if unknown) over the same window. */
    private record Sustained(double rate, Double cpuBusy) {}

    @Option(
            names = "--out",
            defaultValue = "docs/benchmarks.md",
            description = "Markdown file whose pipeline section is replaced (default: ${DEFAULT-VALUE}); '-' for none")
    String out;

    @Option(
            names = "--phases",
            split = ",",
            defaultValue = "throughput,quota",
            description =
                    "which phases to run: throughput (Kafka, HTTP, latency at half rate), quota (default: ${DEFAULT-VALUE}); docs are written only when both ran")
    List<String> phases;

    @Option(names = "--json", description = "print one JSON line with all results")
    boolean json;

    private final AtomicLong peakRss = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        SluiceConfig config = stack.load();
        List<QaPair> pairs = SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);
        Clock clock = Clock.systemUTC();
        Map<String, Object> result = new LinkedHashMap<>();
        try (Infrastructure infra = AnswersCommand.infra(config, stack.fresh())) {
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(
                    () -> {
                        while (sampling.get()) {
                            peakRss.accumulateAndGet(Memory.residentBytes(config.workDir()), Math::max);
                            LockSupport.parkNanos(1_000_000_000L);
                        }
                    },
                    "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            int recordBytes = taskBytes(pairs);
            result.put("record_bytes", recordBytes);
            result.put("raw_kafka_per_s", rawKafka(infra, recordBytes));
            System.err.println("raw Kafka, unpaced: " + result.get("raw_kafka_per_s") + " records/s");

            ScoringJobSettings scoring = scoring(config, infra.bootstrapServers());
            result.put("scorer", scoring.scorer().key());
            result.put(
                    "checkpoint_interval_ms",
                    config.flink().checkpointInterval().toMillis());
            if (phases.contains("throughput")) {
                AnswersRuntime.Options fast = new AnswersRuntime.Options(
                        LlmOptions.simulator(16),
                        workers,
                        "bench",
                        SimulatorSettings.defaults(1),
                        pairs,
                        scoring,
                        true);
                try (AnswersRuntime rt = AnswersRuntime.start(config, infra, fast, clock, new SimpleMeterRegistry())) {
                    Javalin http = HttpApp.create(
                                    config.http(),
                                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                                            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                                    List.of(),
                                    rt::routes)
                            .start(0);
                    try {
                        Sustained kafka = sustained(infra, "kafka", pairs, clock, null);
                        result.put("kafka_questions_per_s", kafka.rate());
                        result.put("kafka_cpu_busy", kafka.cpuBusy());
                        Sustained overHttp = sustained(
                                infra,
                                "http",
                                pairs,
                                clock,
                                new HttpTarget(URI.create("http://localhost:" + http.port()), Duration.ofSeconds(30)));
                        result.put("http_questions_per_s", overHttp.rate());
                        result.put("http_cpu_busy", overHttp.cpuBusy());
                        result.put("http_batch", httpBatch);
                        result.putAll(latencyAt(infra, pairs, clock, kafka.rate() / 2));
                    } finally {
                        http.stop();
                    }
                }
            }
            if (phases.contains("quota")) {
                AnswersRuntime.Options limited = new AnswersRuntime.Options(
                        LlmOptions.simulator(16),
                        workers,
                        "bench",
                        SimulatorSettings.defaults(2).withQuota(quota, (int) Math.max(1, quota)),
                        pairs,
                        scoring,
                        false);
                try (AnswersRuntime rt =
                        AnswersRuntime.start(config, infra, limited, clock, new SimpleMeterRegistry())) {
                    result.putAll(quotaPhase(infra, rt, pairs, clock));
                }
            }
            sampling.set(false);
            sampler.join();
            result.put("peak_rss_mb", peakRss.get() / (1024 * 1024));
        }
        boolean all = result.containsKey("kafka_questions_per_s") && result.containsKey("quota_lost");
        if (result.containsKey("kafka_questions_per_s")) {
            result.put(
                    "kafka_ratio_to_raw",
                    round2((double) result.get("kafka_questions_per_s") / (double) result.get("raw_kafka_per_s")));
        }
        if (all && !"-".equals(out)) {
            writeMarkdown(Path.of(out), result);
        }
        Summary.print(result, json);
        return ((Number) result.getOrDefault("quota_lost", 0L)).longValue() == 0 ? 0 : 1;
    }

    /**
     * Token F1 unless {@code answers.scorer} is set: this benchmark measures the pipeline's plumbing
     * (Kafka, Flink, the workers, storage, the gateway), and the semantic scorer's CPU cost, measured
     * on its own by {@code bench scoring}, would be all it showed on two cores.
     */
    private static ScoringJobSettings scoring(SluiceConfig config, String bootstrap) {
        ScoringJobSettings configured = AnswersRuntime.scoringSettings(config, bootstrap);
        if (config.extra().containsKey("answers.scorer")) {
            return configured;
        }
        ScoringJobSettings f1 = configured.withScorer(dev.sluice.answers.scoring.ScorerKind.TOKEN_F1);
        return config.extra().containsKey("answers.threshold") ? f1.withThreshold(configured.threshold()) : f1;
    }

    /** Mean JSON size of a question task from the sample: the raw baseline sends records this big. */
    private static int taskBytes(List<QaPair> pairs) throws Exception {
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

    private static double rawKafka(Infrastructure infra, int recordBytes) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "bench.raw." + run;
        try (Admin admin = infra.clients().admin()) {
            Topics.ensure(admin, List.of(TopicSpec.of(topic, 3)));
        }
        int count = 50_000;
        try (DelayRun r = new DelayRun(infra.clients(), topic, run)) {
            r.send(count, 1e9, recordBytes, Duration.ZERO, Duration.ZERO, null, 7, null);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (r.distinct() < count && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            return round1(r.deliveredPerSecond(Duration.ZERO));
        }
    }

    /**
     * Keeps at most {@code backlog} questions in the pipeline and counts results stored per second
     * between the end of the warm-up and the end of the phase. {@code http} null: straight to Kafka.
     */
    private Sustained sustained(Infrastructure infra, String phase, List<QaPair> pairs, Clock clock, HttpTarget http)
            throws Exception {
        String run = phase + UUID.randomUUID().toString().substring(0, 6);
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore outstanding = new Semaphore(256);
        long t0 = System.nanoTime();
        long warmEnd = t0 + Duration.ofSeconds(warmup).toNanos();
        long end = warmEnd + Duration.ofSeconds(seconds).toNanos();
        long doneAtWarm = -1;
        MachineCpu.Reading cpuAtWarm = null;
        long done = 0;
        long lastPoll = 0;
        try (KafkaQuestionPublisher publisher =
                new KafkaQuestionPublisher(infra.clients(), "bench-" + run, Duration.ofSeconds(30))) {
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now - lastPoll > 250_000_000L) {
                    done = RunCounts.done(infra.database().dataSource(), run);
                    lastPoll = now;
                    if (doneAtWarm < 0 && now >= warmEnd) {
                        doneAtWarm = done;
                        cpuAtWarm = MachineCpu.read();
                    }
                    System.err.printf(
                            "\r  %s: sent %d, stored %d, %.0f/s   ",
                            phase, sent.get(), done, done / Math.max(1e-3, (now - t0) / 1e9));
                }
                if (sent.get() - done >= backlog) {
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
                    List<QaPair> batch = new ArrayList<>(httpBatch);
                    for (int k = 0; k < httpBatch; k++) {
                        long i = sent.getAndIncrement();
                        QaPair p = pairs.get((int) (i % pairs.size()));
                        batch.add(new QaPair(
                                run + "-" + i, p.title() + " (" + i + ")", p.content(), p.bestAnswer(), p.category()));
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
        long doneAtEnd = RunCounts.done(infra.database().dataSource(), run);
        double rate = round1((doneAtEnd - Math.max(0, doneAtWarm)) / (double) seconds);
        double busy = cpuAtWarm == null ? Double.NaN : MachineCpu.read().busySince(cpuAtWarm);
        // let this phase's backlog drain before the next phase starts, so each measures only itself
        awaitDone(infra, run, sent.get(), Duration.ofMinutes(2));
        System.err.printf(
                "%n  %s: %.1f questions/s stored (sent %d, failed sends %d)%n", phase, rate, sent.get(), failed.get());
        if (failed.get() > 0) {
            throw new IllegalStateException(phase + ": " + failed.get()
                    + " questions were not accepted; the benchmark would count them as slow");
        }
        return new Sustained(rate, Double.isNaN(busy) ? null : round2(busy));
    }

    /** {@code count} questions of run {@code run} straight to Kafka, open loop, at a constant {@code rate} per second. */
    private static void sendPaced(
            Infrastructure infra, List<QaPair> pairs, Clock clock, String run, long count, double rate) {
        try (KafkaQuestionPublisher publisher =
                new KafkaQuestionPublisher(infra.clients(), "bench-" + run, Duration.ofSeconds(30))) {
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
    private Map<String, Object> latencyAt(Infrastructure infra, List<QaPair> pairs, Clock clock, double rate)
            throws Exception {
        String run = "lat" + UUID.randomUUID().toString().substring(0, 6);
        long count = Math.max(1, Math.round(rate * latencySeconds));
        sendPaced(infra, pairs, clock, run, count, rate);
        awaitDone(infra, run, count, Duration.ofMinutes(5));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency_rate_per_s", round1(rate));
        try (Connection c = infra.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP "
                                + "(ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000) FROM answers.questions WHERE question_id LIKE ?")) {
            ps.setString(1, run + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object[] p = (Object[]) rs.getArray(1).getArray();
                m.put("latency_ms_p50", Math.round(((Number) p[0]).doubleValue()));
                m.put("latency_ms_p95", Math.round(((Number) p[1]).doubleValue()));
                m.put("latency_ms_p99", Math.round(((Number) p[2]).doubleValue()));
            }
        }
        System.err.println("  latency at " + round1(rate) + "/s: " + m);
        return m;
    }

    /** Demand at 1.5 × the quota for {@code quotaSeconds}; then every question must still finish. */
    private Map<String, Object> quotaPhase(Infrastructure infra, AnswersRuntime rt, List<QaPair> pairs, Clock clock)
            throws Exception {
        String run = "quota" + UUID.randomUUID().toString().substring(0, 6);
        double offered = quota * 1.5;
        long count = Math.round(offered * quotaSeconds);
        var before = rt.simulator().stats();
        long t0 = System.nanoTime();
        sendPaced(infra, pairs, clock, run, count, offered);
        var during = rt.simulator().stats();
        double window = (System.nanoTime() - t0) / 1e9;
        long done = awaitDone(infra, run, count, Duration.ofMinutes(10));
        var after = rt.simulator().stats();
        Map<String, Object> m = new LinkedHashMap<>();
        long calls = after.requests() - before.requests();
        long rejected = after.quotaRejected() - before.quotaRejected();
        m.put("quota_per_s", quota);
        m.put("quota_offered_per_s", offered);
        m.put("quota_successful_per_s", round1((during.answered() - before.answered()) / window));
        m.put("quota_use", round2((during.answered() - before.answered()) / window / quota));
        m.put("quota_calls", calls);
        m.put("quota_rejected", rejected);
        m.put("quota_rejected_share", round3(calls == 0 ? 0 : (double) rejected / calls));
        m.put("quota_questions", count);
        m.put("quota_lost", count - done);
        System.err.println("  quota phase: " + m);
        return m;
    }

    private static long awaitDone(Infrastructure infra, String run, long count, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        long done;
        do {
            LockSupport.parkNanos(500_000_000L);
            done = RunCounts.done(infra.database().dataSource(), run);
            System.err.printf("\r  %s: %d/%d stored   ", run, done, count);
        } while (done < count && System.nanoTime() < deadline);
        System.err.println();
        return done;
    }

    private void writeMarkdown(Path file, Map<String, Object> r) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(START).append("\n## Answers pipeline end to end\n\n");
        md.append("Command: `./sluice bench pipeline --seconds ")
                .append(seconds)
                .append(" --warmup ")
                .append(warmup)
                .append(" --latency-seconds ")
                .append(latencySeconds)
                .append(" --backlog ")
                .append(backlog)
                .append(" --http-batch ")
                .append(httpBatch)
                .append(" --quota ")
                .append(quota)
                .append(" --quota-seconds ")
                .append(quotaSeconds)
                .append("`  \nRun on ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores; everything (broker, PostgreSQL, Flink MiniCluster, simulator, ")
                .append(workers)
                .append(" LLM workers, storage, gateway, load) in one JVM plus PostgreSQL. Scorer: ")
                .append(r.get("scorer"))
                .append(
                        " (the default here, so the numbers are the pipeline's, not the model's: `bench scoring` measures the semantic scorer; `--set answers.scorer=composite` runs this with it)")
                .append("; checkpoint interval ")
                .append(r.get("checkpoint_interval_ms"))
                .append(" ms.\n\n");
        md.append("Throughput phases: LLM simulator at zero latency and no errors; at most ")
                .append(backlog)
                .append(
                        " questions in the pipeline (a bound that must exceed rate × end-to-end time, or the phase measures the latency instead of the capacity; "
                                + "HTTP also keeps at most 256 POSTs in flight); counted as results stored in PostgreSQL per second over ")
                .append(seconds)
                .append(" s after a ")
                .append(warmup)
                .append(" s warm-up. Raw Kafka: unpaced produce→consume of ")
                .append(r.get("record_bytes"))
                .append("-byte records (a question task's mean size) on the same broker.\n\n");
        md.append("| measure | value | target |\n|---|---:|---|\n");
        md.append("| raw Kafka produce→consume, records/s | ")
                .append(r.get("raw_kafka_per_s"))
                .append(" | baseline |\n");
        md.append("| questions/s straight to Kafka (stored) | ")
                .append(r.get("kafka_questions_per_s"))
                .append(" | ≥ 1,000 |\n");
        md.append("| machine CPU busy during the Kafka phase (all processes) | ")
                .append(percent(r.get("kafka_cpu_busy")))
                .append(" | |\n");
        md.append("| ratio to raw Kafka | ").append(r.get("kafka_ratio_to_raw")).append(" | |\n");
        md.append("| questions/s over HTTP, ")
                .append(r.get("http_batch"))
                .append(" per POST (stored) | ")
                .append(r.get("http_questions_per_s"))
                .append(" | ≥ 500 |\n");
        md.append("| machine CPU busy during the HTTP phase | ")
                .append(percent(r.get("http_cpu_busy")))
                .append(" | |\n");
        md.append("| latency p50 / p95 / p99 at ")
                .append(r.get("latency_rate_per_s"))
                .append("/s, ms | ")
                .append(r.get("latency_ms_p50"))
                .append(" / ")
                .append(r.get("latency_ms_p95"))
                .append(" / ")
                .append(r.get("latency_ms_p99"))
                .append(" | p50 ≤ checkpoint interval + 250 |\n");
        md.append("| quota ")
                .append(r.get("quota_per_s"))
                .append(" calls/s, offered ")
                .append(r.get("quota_offered_per_s"))
                .append(" q/s: successful calls/s | ")
                .append(r.get("quota_successful_per_s"))
                .append(" (")
                .append(r.get("quota_use"))
                .append(" of quota) | ≥ 0.95 of quota |\n");
        md.append("| rejected (429) share of all calls | ")
                .append(r.get("quota_rejected_share"))
                .append(" (")
                .append(r.get("quota_rejected"))
                .append(" of ")
                .append(r.get("quota_calls"))
                .append(") | ≤ 0.05 |\n");
        md.append("| lost in the quota phase | ")
                .append(r.get("quota_lost"))
                .append(" of ")
                .append(r.get("quota_questions"))
                .append(" | 0 |\n");
        md.append("| peak resident memory, MB | ").append(r.get("peak_rss_mb")).append(" | |\n");
        md.append(END).append("\n");
        String existing = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int s = existing.indexOf(START);
        int e = existing.indexOf(END);
        String updated = s >= 0 && e > s
                ? existing.substring(0, s) + md + existing.substring(e + END.length() + 1)
                : existing + "\n" + md;
        Files.writeString(file, updated);
        System.err.println("wrote " + file.toAbsolutePath());
    }

    private static String percent(Object share) {
        return share instanceof Number n ? Math.round(n.doubleValue() * 100) + "%" : "n/a";
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
