package dev.sluice.cli;

import dev.sluice.answers.AnswersSettings;
import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.answers.bench.CheckpointStats;
import dev.sluice.answers.bench.CheckpointSweep;
import dev.sluice.answers.bench.PipelineBench;
import dev.sluice.answers.bench.PipelineBenchReport;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.answers.LlmOptions;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.report.MarkdownSection;
import dev.sluice.platform.report.Memory;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench pipeline}: starts the answers pipeline on the embedded stack twice (fast
 * simulator for the throughput phases, a simulator with a quota for the quota phase) and runs
 * {@link PipelineBench}'s phases against it, next to raw Kafka in the same run; adds the peak resident
 * memory and writes its section of docs/benchmarks.md ({@code <!-- bench:pipeline:start -->}).
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Answers pipeline end to end: sustained questions/s (Kafka and HTTP), latency at half rate, quota adherence; next to raw Kafka. Results to docs/benchmarks.md.")
final class BenchPipelineCommand implements Callable<Integer> {
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

    @Option(
            names = "--http-load",
            defaultValue = "both",
            description =
                    "where the HTTP phase's load generator runs: in-process (this JVM), process (its own JVM, `sluice bench http-load`, against the same gateway) or both, one phase each (default: ${DEFAULT-VALUE})")
    String httpLoad;

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

    @Option(
            names = "--phases",
            split = ",",
            defaultValue = "throughput,quota",
            description =
                    "which phases to run: throughput (Kafka, HTTP, latency at half rate), quota, checkpoints (the --checkpoint-intervals sweep) (default: ${DEFAULT-VALUE}); the main section of the docs is written only when throughput and quota ran")
    List<String> phases;

    /*
     * The scoring job's exactly-once sinks make a result visible only when the checkpoint after it
     * completes, so the interval is the latency's floor, and each checkpoint costs a transaction per
     * sink and subtask; the sweep measures both sides in one run (docs/benchmarks.md).
     */
    @Option(
            names = "--checkpoint-intervals",
            split = ",",
            defaultValue = "2000,1000,500,250",
            description =
                    "with --phases checkpoints: the scoring job's checkpoint intervals to sweep, in ms; each gets its Kafka-fed capacity and the latency at half the first one's capacity (default: ${DEFAULT-VALUE})")
    List<Long> checkpointIntervals;

    @Mixin
    BenchDocOptions doc;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws Exception {
        List<String> unknown = phases.stream()
                .filter(p -> !List.of("throughput", "quota", "checkpoints").contains(p))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "--phases: unknown " + unknown + "; choose from throughput, quota, checkpoints");
        }
        List<Long> intervals =
                phases.contains("checkpoints") ? CheckpointSweep.intervals(checkpointIntervals) : List.of();
        PipelineBench.HttpLoad where = httpLoad(httpLoad);
        PipelineBench.Settings settings = new PipelineBench.Settings(
                seconds, warmup, latencySeconds, quota, quotaSeconds, workers, httpBatch, backlog);
        SluiceConfig config = stack.load();
        List<QaPair> pairs = SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);
        Clock clock = Clock.systemUTC();
        Map<String, Object> result = new LinkedHashMap<>();
        try (Stack running = stack.builder(config)
                .instance("bench")
                .answers(AnswersSystem.Run.tablesAndTopics("bench"))
                .start()) {
            var infra = running.infra();
            Memory.Peak rss = Memory.Peak.start(config.workDir());
            PipelineBench bench =
                    new PipelineBench(infra.clients(), infra.database().dataSource(), pairs, clock, settings);
            int recordBytes = PipelineBench.taskBytes(pairs);
            result.put("record_bytes", recordBytes);
            result.put("raw_kafka_per_s", bench.rawKafka(recordBytes));
            System.err.println("raw Kafka, unpaced: " + result.get("raw_kafka_per_s") + " records/s");

            UnaryOperator<AnswersSettings> scoring = tokenF1UnlessConfigured(config);
            ScoringJobSettings scored =
                    scoring.apply(running.answers().settings()).scoring();
            result.put("scorer", scored.scorer().key());
            result.put(
                    "checkpoint_interval_ms",
                    config.flink().checkpointInterval().toMillis());
            if (phases.contains("throughput")) {
                var fast = run(EnumSet.of(Part.GATEWAY), SimulatorSettings.defaults(1), pairs);
                try (AnswersSystem answers = running.startAnswers(fast, scoring)) {
                    Stack.quietRequestLogs(); // the HTTP phases' requests are counted, not logged
                    Javalin http = HttpApp.create(config.http(), running.meters(), List.of(), answers::routes)
                            .start(0);
                    try {
                        URI gateway = URI.create("http://localhost:" + http.port());
                        result.putAll(bench.throughputPhases(
                                new HttpTarget(gateway, Duration.ofSeconds(30), running.apiKey()),
                                where,
                                (run, batch) -> BenchHttpLoadCommand.launch(gateway, run, batch, running.apiKey())));
                    } finally {
                        http.stop();
                    }
                }
            }
            if (phases.contains("quota")) {
                var limited = run(
                        EnumSet.noneOf(Part.class),
                        SimulatorSettings.defaults(2).withQuota(quota, (int) Math.max(1, quota)),
                        pairs);
                try (AnswersSystem answers = running.startAnswers(limited, scoring)) {
                    result.putAll(bench.quotaPhase(() -> answers.simulator().stats()));
                }
            }
            if (phases.contains("checkpoints")) {
                List<CheckpointSweep.Row> rows = checkpointSweep(running, bench, scoring, pairs, intervals);
                result.putAll(CheckpointSweep.summary(rows));
                if (doc.file().isPresent()) {
                    MarkdownSection.of("pipeline-checkpoints")
                            .write(doc.file().get(), CheckpointSweep.markdown(settings, phases, rows, result));
                }
            }
            rss.close();
            result.put("peak_rss_mb", rss.megabytes());
        }
        PipelineBench.addRatioToRaw(result);
        boolean all = result.containsKey("kafka_questions_per_s") && result.containsKey("quota_lost");
        if (all && doc.file().isPresent()) {
            MarkdownSection.of("pipeline").write(doc.file().get(), PipelineBenchReport.markdown(settings, result));
        }
        summary.print(result);
        return PipelineBench.nothingLost(result) ? 0 : 1;
    }

    /**
     * The answers services and the scoring job started afresh for each interval (the fast simulator,
     * as in the throughput phases), one {@link CheckpointSweep.Row} each; every row's latency at half
     * the first row's capacity.
     */
    private List<CheckpointSweep.Row> checkpointSweep(
            Stack running,
            PipelineBench bench,
            UnaryOperator<AnswersSettings> scoring,
            List<QaPair> pairs,
            List<Long> intervals)
            throws Exception {
        List<CheckpointSweep.Row> rows = new ArrayList<>();
        Double halfRate = null;
        for (long ms : intervals) {
            System.err.println("checkpoint interval " + ms + " ms:");
            UnaryOperator<AnswersSettings> withInterval = configured -> {
                AnswersSettings s = scoring.apply(configured);
                return s.withScoring(s.scoring().withCheckpointInterval(Duration.ofMillis(ms)));
            };
            var fast = run(EnumSet.noneOf(Part.class), SimulatorSettings.defaults(1), pairs);
            try (AnswersSystem answers = running.startAnswers(fast, withInterval)) {
                CheckpointSweep.Row row = bench.checkpointRow(ms, halfRate);
                row = row.withCheckpoints(CheckpointStats.read(
                                running.infra().flinkWebUi(),
                                answers.job().getJobID().toString())
                        .orElse(null));
                System.err.println("  checkpoints: " + row.checkpoints());
                halfRate = row.latencyRate();
                rows.add(row);
            }
        }
        return rows;
    }

    private static PipelineBench.HttpLoad httpLoad(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "in-process" -> PipelineBench.HttpLoad.IN_PROCESS;
            case "process" -> PipelineBench.HttpLoad.PROCESS;
            case "both" -> PipelineBench.HttpLoad.BOTH;
            default ->
                throw new IllegalArgumentException(
                        "--http-load: '" + value + "' is not one of in-process, process, both");
        };
    }

    /** The whole pipeline plus {@code extra}, on the simulator with {@code simulator} settings, 16 calls per worker. */
    private AnswersSystem.Run run(Set<Part> extra, SimulatorSettings simulator, List<QaPair> pairs) {
        Set<Part> parts = EnumSet.copyOf(Part.pipeline());
        parts.addAll(extra);
        return new AnswersSystem.Run(
                parts, "bench", workers, LlmOptions.simulator(16).choice(simulator, pairs));
    }

    /**
     * Token F1 unless {@code answers.scorer} is set: this benchmark measures the pipeline's plumbing
     * (Kafka, Flink, the workers, storage, the gateway), and the semantic scorer's CPU cost, measured
     * on its own by {@code bench scoring}, would be all it showed on two cores.
     */
    private static UnaryOperator<AnswersSettings> tokenF1UnlessConfigured(SluiceConfig config) {
        return configured -> {
            if (config.extra().containsKey("answers.scorer")) {
                return configured;
            }
            var f1 = configured.scoring().withScorer(ScorerKind.TOKEN_F1);
            if (config.extra().containsKey("answers.threshold")) {
                f1 = f1.withThreshold(configured.scoring().threshold());
            }
            return configured.withScoring(f1);
        };
    }
}
