package dev.sluice.answers.bench;

import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.scoring.ScoringJob;
import dev.sluice.answers.scoring.ScoringJobIo;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.platform.flink.FlinkTarget;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The semantic scorer inside the Flink scoring job against raw batched inference of the same texts
 * on the same models, in one run: (1) raw ({@link RawInference}), (2) the job on a backlog of the
 * same answers (real Kafka, exactly-once sinks, the {@link FlinkTarget} handed in), (3) raw again,
 * so a neighbour's load hits both sides alike; then (4) the latency the scoring step adds:
 * generated → scored at a paced rate with the composite, minus the same with token F1 (no model),
 * same rate, same stack.
 *
 * <p>Every attempt is scored: the threshold is 1.0 and each question gets {@code attempts}
 * candidates (other questions' best answers), attempt 1 of every question first, so later attempts
 * reuse the reference's embedding from keyed state, and raw inference embeds each reference once too.
 */
public final class ScoringBench {
    static final double TARGET_RATIO = 0.80;

    /**
     * What to run. {@code latencyRate} 0 means half the job's measured throughput; each model call
     * gets cores / parallelism ONNX threads.
     */
    public record Settings(
            int questions,
            int attempts,
            int parallelism,
            int batchSize,
            Duration batchTimeout,
            double latencyRate,
            int latencySeconds,
            Duration checkpointInterval) {
        public Settings {
            if (questions < 1 || attempts < 1 || parallelism < 1 || batchSize < 1 || latencySeconds < 1) {
                throw new IllegalArgumentException(
                        "--questions, --attempts, --parallelism, --batch-size and --latency-seconds must be at least 1");
            }
        }

        /** ONNX Runtime threads per model call: the cores shared among the subtasks. */
        public int onnxThreads() {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
        }
    }

    private final FlinkTarget flink;
    private final String bootstrapServers;
    private final Settings s;
    private final ScoringBenchIo io;

    public ScoringBench(KafkaClients clients, FlinkTarget flink, String bootstrapServers, Settings settings) {
        this.flink = flink;
        this.bootstrapServers = bootstrapServers;
        this.s = settings;
        this.io = new ScoringBenchIo(clients, settings.parallelism());
    }

    /** The machine's load average now: taken before the stack starts, so the report shows what else ran. */
    public static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Runs every phase with {@code models} (loaded with {@link Settings#onnxThreads()}); the results by name. */
    public Map<String, Object> run(SentenceEncoders models, double loadAverageAtStart) throws Exception {
        List<GeneratedAnswer> answers =
                BenchAnswers.answers(SampleDataset.pairs(s.questions(), SampleDataset.DEFAULT_SEED), s.attempts(), "q");
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = s.onnxThreads();
        Map<String, Object> result = new LinkedHashMap<>();
        RawInference rawInference = new RawInference(models, s.parallelism(), s.batchSize());
        System.err.println("sluice bench scoring: " + answers.size() + " answers (" + s.questions() + " questions x "
                + s.attempts() + " attempts), batch " + s.batchSize() + ", parallelism " + s.parallelism() + ", "
                + threads
                + " ONNX threads, " + cores + " cores");
        RawInference.Raw warm = rawInference.run(answers.subList(0, Math.min(answers.size(), 2 * s.batchSize())));
        System.err.println("warm-up: " + warm.texts() + " texts");
        RawInference.Raw rawBefore = rawInference.run(answers);
        System.err.println("raw batched inference: " + round(rawBefore.perSecond()) + " answers/s, "
                + round(rawBefore.perCpuSecond()) + " per CPU-second (" + rawBefore.texts() + " texts)");
        Job job = jobThroughput(answers);
        System.err.println("Flink job: " + round(job.perSecond) + " answers/s, " + round(job.perCpuSecond)
                + " per CPU-second (" + job.scored + " scored, " + job.batches + " batches)");
        RawInference.Raw rawAfter = rawInference.run(answers);
        System.err.println("raw batched inference again: " + round(rawAfter.perSecond()) + " answers/s, "
                + round(rawAfter.perCpuSecond()) + " per CPU-second");
        double raw = (rawBefore.perSecond() + rawAfter.perSecond()) / 2;

        double rate = s.latencyRate() > 0 ? s.latencyRate() : Math.max(1, Math.floor(job.perSecond / 2));
        long[] composite = latency(ScorerKind.COMPOSITE, rate);
        long[] tokenF1 = latency(ScorerKind.TOKEN_F1, rate);

        result.put("answers", answers.size());
        result.put("texts_embedded", rawBefore.texts());
        result.put("mean_words_per_text", round(BenchAnswers.meanWords(answers)));
        result.put("cores", cores);
        result.put("parallelism", s.parallelism());
        result.put("onnx_threads", threads);
        result.put("batch_size", s.batchSize());
        result.put("batch_timeout_ms", s.batchTimeout().toMillis());
        result.put("raw_answers_per_s_before", round(rawBefore.perSecond()));
        result.put("raw_answers_per_s_after", round(rawAfter.perSecond()));
        result.put("raw_answers_per_s", round(raw));
        result.put("job_answers_per_s", round(job.perSecond));
        result.put("job_answers_scored", job.scored);
        result.put("job_wall_s_incl_startup", round(job.wallMillis / 1000.0));
        result.put("ratio", Math.round(job.perSecond / raw * 100) / 100.0);
        double rawCpu = (rawBefore.perCpuSecond() + rawAfter.perCpuSecond()) / 2;
        result.put("raw_answers_per_cpu_s", round(rawCpu));
        result.put("job_answers_per_cpu_s", round(job.perCpuSecond));
        result.put("cpu_ratio", Math.round(job.perCpuSecond / rawCpu * 100) / 100.0);
        result.put("job_answers_per_s_per_core", round(job.perSecond / cores));
        result.put("raw_answers_per_s_per_core", round(raw / cores));
        result.put("load_average_at_start", round(loadAverageAtStart));
        result.put("latency_rate_per_s", rate);
        result.put("latency_answers", composite.length);
        result.put("composite_latency_ms_p50", pct(composite, 50));
        result.put("composite_latency_ms_p95", pct(composite, 95));
        result.put("token_f1_latency_ms_p50", pct(tokenF1, 50));
        result.put("token_f1_latency_ms_p95", pct(tokenF1, 95));
        result.put("added_latency_ms_p50", pct(composite, 50) - pct(tokenF1, 50));
        result.put("added_latency_ms_p95", pct(composite, 95) - pct(tokenF1, 95));
        // wall-clock ratio as the issue states it; the CPU ratio is reported next to it (see the docs)
        result.put("target_met", job.perSecond >= TARGET_RATIO * raw && job.scored == answers.size());
        return result;
    }

    /** The job kept up with raw inference (wall clock, as the issue states it) and scored every answer. */
    public static boolean targetMet(Map<String, Object> result) {
        return Boolean.TRUE.equals(result.get("target_met"));
    }

    private record Job(long scored, double perSecond, double perCpuSecond, long wallMillis, long batches) {}

    /**
     * A backlog of every answer in answers.generated, then the bounded job reads it all. Throughput is
     * counted from the end of the job's first batch to the end of its last ({@code scoredAt} is stamped
     * when a batch is done), so job start-up and model loading are left out, as they are for raw.
     */
    private Job jobThroughput(List<GeneratedAnswer> answers) throws Exception {
        UnaryOperator<String> topics = io.topics("throughput");
        io.produce(topics.apply(AnswersTopics.GENERATED), answers, 0);
        ScoringJobSettings settings = settings(topics, ScorerKind.COMPOSITE).withBounded(true);
        StreamExecutionEnvironment env = flink.environment();
        env.setParallelism(s.parallelism());
        ScoringJob.build(
                env,
                settings,
                ScoringJobIo.kafka(settings, topics),
                settings.scorer().create());
        long t0 = System.nanoTime();
        JobClient job;
        try (CpuClock cpu = CpuClock.start()) {
            job = env.executeAsync(ScoringJob.NAME + "-bench");
            job.getJobExecutionResult().get(30, TimeUnit.MINUTES);
            cpuClock = cpu;
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        List<ScoredAttempt> scored =
                io.read(topics.apply(AnswersTopics.SCORED), answers.size(), Duration.ofSeconds(30), true);
        long[] ends = scored.stream()
                .mapToLong(s -> s.scoredAt().toEpochMilli())
                .sorted()
                .toArray();
        if (ends.length < 2 || ends[ends.length - 1] == ends[0]) {
            throw new IllegalStateException(
                    "the job scored " + ends.length + " answers in one batch: use more --questions");
        }
        long first = ends[0];
        long firstBatch = Arrays.stream(ends).filter(e -> e == first).count();
        long batches = Arrays.stream(ends).distinct().count();
        double perSecond = (ends.length - firstBatch) * 1000.0 / (ends[ends.length - 1] - first);
        double perCpuSecond = (ends.length - firstBatch) * 1e9 / cpuClock.nanosBetween(first, ends[ends.length - 1]);
        return new Job(scored.size(), perSecond, perCpuSecond, wall, batches);
    }

    private CpuClock cpuClock;

    /**
     * Milliseconds from generatedAt (stamped as the answer is produced) to scoredAt, for answers offered
     * at {@code rate}/s to a running job that has already scored one warm-up answer.
     */
    private long[] latency(ScorerKind scorer, double rate) throws Exception {
        int count = (int) Math.max(1, Math.round(rate * s.latencySeconds()));
        List<GeneratedAnswer> pool = BenchAnswers.answers(
                SampleDataset.pairs(s.questions(), SampleDataset.DEFAULT_SEED), s.attempts(), "lat");
        List<GeneratedAnswer> offered = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GeneratedAnswer a = pool.get(i % pool.size());
            offered.add(i < pool.size() ? a : BenchAnswers.withId(a, a.questionId() + "-" + i / pool.size()));
        }
        UnaryOperator<String> topics = io.topics("latency-" + scorer.key());
        ScoringJobSettings settings = settings(topics, scorer);
        StreamExecutionEnvironment env = flink.environment();
        env.setParallelism(s.parallelism());
        ScoringJob.build(
                env,
                settings,
                ScoringJobIo.kafka(settings, topics),
                settings.scorer().create());
        JobClient job = env.executeAsync(ScoringJob.NAME + "-bench-latency-" + scorer.key());
        try {
            System.err.println("latency, " + scorer.key() + ": warming up ...");
            io.produce(topics.apply(AnswersTopics.GENERATED), List.of(BenchAnswers.withId(pool.get(0), "warm-up")), 0);
            io.read(topics.apply(AnswersTopics.SCORED), 1, Duration.ofMinutes(3), false);
            System.err.println("latency, " + scorer.key() + ": " + count + " answers at " + rate + "/s ...");
            io.produce(topics.apply(AnswersTopics.GENERATED), offered, rate);
            List<ScoredAttempt> scored = io.read(
                    topics.apply(AnswersTopics.SCORED),
                    count + 1,
                    Duration.ofSeconds(60L + s.latencySeconds() * 4L),
                    false);
            long[] ms = scored.stream()
                    .filter(s -> !s.questionId().equals("warm-up"))
                    .mapToLong(
                            s -> Duration.between(s.generatedAt(), s.scoredAt()).toMillis())
                    .sorted()
                    .toArray();
            System.err.println("latency, " + scorer.key() + ": p50 " + pct(ms, 50) + " ms, p95 " + pct(ms, 95) + " ms");
            return ms;
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    private ScoringJobSettings settings(UnaryOperator<String> topics, ScorerKind scorer) {
        String name = topics.apply("job");
        return ScoringJobSettings.defaults(bootstrapServers)
                .withScorer(scorer)
                .withNames(name, name)
                .withThreshold(1.0)
                .withMaxAttempts(s.attempts())
                .withCheckpointInterval(s.checkpointInterval())
                .withBatching(s.batchSize(), s.batchTimeout());
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0
                ? -1
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
