package dev.sluice.cli.report;

import dev.sluice.answers.LlmChoice;
import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.sync.SyncAnswerRoutes;
import dev.sluice.answers.analysis.sync.SyncAnswerService;
import dev.sluice.answers.analysis.sync.TimedTarget;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.Outcome;
import dev.sluice.answers.loadgen.TrafficGenerator;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.loadgen.TrafficResult;
import dev.sluice.answers.regeneration.RegenerationPolicy;
import dev.sluice.answers.scoring.BatchScorer;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.LatencyModel;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.storage.AnswersStore;
import dev.sluice.cli.Stack;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.http.HttpApp;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Synchronous calls or the pipeline (issue 13, item 2): the same questions at the same offered
 * rates, on the same simulated LLM, answered two ways. <b>Sync</b>: {@link SyncAnswerService}, one
 * HTTP request calls the LLM (retrying in-line with the pipeline's backoff), scores, stores and
 * answers. <b>Pipeline</b>: the gateway answers 202 after the question is in Kafka; workers, the
 * delay schedulers, the Flink scoring job (exactly-once, so results are visible only after a
 * checkpoint) and storage do the rest, and the client polls (here: the experiment watches
 * PostgreSQL every {@value #POLL_MS} ms, as a client polling {@code GET} would).
 *
 * <p>Both modes get a simulator of their own with the same settings, so one's backlog never
 * reaches the other's LLM; both are driven by the load generator over HTTP ({@link HttpTarget}),
 * open loop, every arrival a fresh question id.
 */
public final class SyncAsyncExperiment implements Experiment {
    static final int POLL_MS = 100;
    /**
     * The checkpoint interval of the report's pipeline runs (here and in {@link TimeBreakdownExperiment}):
     * pinned, so the committed report is what the command regenerates whatever the default becomes.
     */
    static final String PINNED_CHECKPOINT_INTERVAL = "2s";

    /** What the sections say about the pinned interval. */
    static final String PINNED_NOTE =
            "The Flink checkpoint interval is pinned at 2 s in this experiment, the default when"
                    + " the report was first made, so its numbers do not move with the default; the default is now 500 ms,"
                    + " which `./sluice bench pipeline --phases checkpoints` measured at about a quarter of this latency floor"
                    + " (docs/benchmarks.md).";
    /** LLM calls at once: the pipeline's 2 workers x 16, and the same for the sync mode's one client. */
    static final int WORKERS = 2;

    static final int IN_FLIGHT_PER_WORKER = 16;

    /** One mode at one offered rate. Times in ms; NaN when nothing was measured. */
    record Step(
            String mode,
            double offered,
            long sent,
            long acked,
            long failed,
            double ackP50,
            double ackP95,
            double ackP99,
            long answered,
            double answerP50,
            double answerP95,
            double answerP99,
            double answersPerSecond,
            double lastAnswerSeconds,
            long unanswered,
            long llmCalls,
            double maxLagMs) {}

    @Override
    public String id() {
        return "sync-vs-async";
    }

    @Override
    public String title() {
        return "Synchronous LLM calls or the pipeline: latency and throughput";
    }

    /** The simulated LLM both modes call: LLM-like latency, a concurrency limit, a quota, some empty answers. */
    static SimulatorSettings simulator(long seed) {
        return SimulatorSettings.defaults(seed)
                .withLatency(LatencyModel.of(Duration.ofMillis(200), Duration.ofMillis(800)))
                .withCapacity(16, 503)
                .withQuota(40, 40)
                .withErrorRates(0, 0.02);
    }

    @Override
    public Section run(ExperimentContext context) throws Exception {
        StorageData data = StorageData.find(context.yahooData());
        List<QaPair> pool = ReportStack.pool(data);
        List<Double> rates = context.quick() ? List.of(5.0, 30.0) : List.of(5.0, 10.0, 20.0, 40.0, 80.0);
        // long enough that the pipeline's few-second latency is a small part of the step: throughput is
        // counted over the step's second half, when both modes are in their steady state
        Duration step = context.quick() ? Duration.ofSeconds(3) : Duration.ofSeconds(20);
        Duration syncDeadline = context.quick() ? Duration.ofSeconds(6) : Duration.ofSeconds(15);
        Duration clientTimeout = syncDeadline.plusSeconds(5);
        Duration drain = context.quick() ? Duration.ofSeconds(10) : Duration.ofSeconds(20);
        SimulatorSettings llm = simulator(context.seed());
        Path work = Files.createTempDirectory("sluice-report-sync-async");
        SluiceConfig config = ReportStack.config(work);
        LlmChoice.Simulator choice = ReportStack.choice(llm, pool, IN_FLIGHT_PER_WORKER);
        List<Step> steps = new ArrayList<>();
        String llmName;
        Duration checkpoint;
        ScoringJobSettings scoring;
        try (Stack stack = ReportStack.start(config, "sync-async", choice, WORKERS)) {
            DataSource db = stack.infra().database().dataSource();
            scoring = stack.answers().scoring();
            checkpoint = scoring.checkpointInterval();
            llmName = stack.answers().llmDescription();
            HttpTarget gateway = new HttpTarget(URI.create(stack.url()), clientTimeout, stack.apiKey());
            LlmSimulator pipelineLlm = stack.answers().simulator();
            // warm-up, not counted: JIT, connections, Kafka metadata and the first checkpoint would
            // otherwise land on the first step's few samples
            // (skipped in quick mode, whose numbers only have to exist: CI's time budget)
            if (!context.quick()) {
                measure("pipeline", 10, Duration.ofSeconds(2), pool, gateway, pipelineLlm, db, drain, context);
            }
            for (double rate : rates) {
                context.log().accept(String.format(Locale.ROOT, "sync-vs-async: pipeline at %.0f/s", rate));
                steps.add(measure("pipeline", rate, step, pool, gateway, pipelineLlm, db, drain, context));
            }
            try (LlmSimulator syncLlm = new LlmSimulator(llm, ReferenceAnswers.fromPairs(pool)).start();
                    LlmClient client = LlmClients.create(
                            new LlmChoice.Simulator(llm, List.of(), choice.timeout(), WORKERS * IN_FLIGHT_PER_WORKER)
                                    .settingsAt(syncLlm.baseUrl()))) {
                BatchScorer scorer = scoring.scorer().create();
                scorer.open(1);
                SyncAnswerService service = new SyncAnswerService(
                        client,
                        scorer,
                        new RegenerationPolicy(scoring.threshold(), scoring.maxAttempts(), scoring.regeneration()),
                        stack.answers().settings().retry(),
                        new AnswersStore(db),
                        syncDeadline,
                        Clock.systemUTC(),
                        SyncAnswerService.Sleeper.REAL,
                        context.seed());
                Javalin app = HttpApp.create(
                                config.http().withPort(0),
                                stack.meters(),
                                List.of(),
                                new SyncAnswerRoutes(service)::register)
                        .start();
                try {
                    HttpTarget sync =
                            new HttpTarget(URI.create("http://localhost:" + app.port()), clientTimeout, stack.apiKey());
                    if (!context.quick()) { // warm-up, as for the pipeline
                        measure("sync", 10, Duration.ofSeconds(2), pool, sync, syncLlm, db, drain, context);
                    }
                    for (double rate : rates) {
                        context.log().accept(String.format(Locale.ROOT, "sync-vs-async: sync at %.0f/s", rate));
                        steps.add(measure("sync", rate, step, pool, sync, syncLlm, db, drain, context));
                    }
                } finally {
                    app.stop();
                }
            }
        } finally {
            StorageExperiment.deleteRecursively(work);
        }
        return SyncAsyncReport.section(
                this, context, data, steps, llm, llmName, checkpoint, scoring, step, syncDeadline);
    }

    /** One mode at one rate: send for {@code length}, then wait for the replies and (pipeline) the answers. */
    private static Step measure(
            String mode,
            double rate,
            Duration length,
            List<QaPair> pool,
            HttpTarget http,
            LlmSimulator llm,
            DataSource db,
            Duration drain,
            ExperimentContext context)
            throws Exception {
        TimedTarget target =
                new TimedTarget(http, String.format(Locale.ROOT, "%s-%.0f-%d", mode, rate, System.nanoTime()));
        TrafficPlan plan = TrafficPlan.questions(1, rate, context.seed())
                .withPopularity(TrafficPlan.Spread.UNIFORM, 1.0)
                .withBounds(0, length)
                .withConcurrency(5000);
        long calls0 = llm.stats().requests();
        long start = System.nanoTime();
        // the pipeline's answers are watched for from the first send, as a polling client would, so an
        // answer's time is when it became visible, not when the sending ended
        AtomicLong drainUntil = new AtomicLong(Long.MAX_VALUE);
        CompletableFuture<Void> watch = mode.equals("pipeline")
                ? CompletableFuture.runAsync(() -> awaitAnswers(db, target, drainUntil))
                : CompletableFuture.completedFuture(null);
        TrafficResult sent;
        try {
            sent = new TrafficGenerator(plan, pool, target, null).run();
        } finally {
            drainUntil.set(System.nanoTime() + drain.toNanos());
        }
        watch.get();
        long calls = llm.stats().requests() - calls0;
        return summarise(mode, rate, start, length, target, sent, calls);
    }

    /**
     * Watches PostgreSQL for the pipeline's answers (and dead letters) every {@value #POLL_MS} ms,
     * until the sending has ended and either all are in or {@code drainUntil} (set when the sending
     * ends) passes.
     */
    private static void awaitAnswers(DataSource db, TimedTarget target, AtomicLong drainUntil) {
        while (System.nanoTime() < drainUntil.get()) {
            List<String> open = target.arrivals().entrySet().stream()
                    .filter(e -> e.getValue().outcome == Outcome.QUEUED && e.getValue().answerNanos == 0)
                    .map(Map.Entry::getKey)
                    .toList();
            boolean sending = drainUntil.get() == Long.MAX_VALUE;
            if (open.isEmpty() && !sending) {
                return;
            }
            if (!open.isEmpty()) {
                try (Connection c = db.getConnection();
                        PreparedStatement s = c.prepareStatement(
                                "SELECT question_id FROM answers.questions WHERE question_id = ANY(?)"
                                        + " UNION SELECT question_id FROM answers.dead_letters WHERE question_id = ANY(?)")) {
                    Array ids = c.createArrayOf("text", open.toArray());
                    s.setArray(1, ids);
                    s.setArray(2, ids);
                    long now = System.nanoTime();
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            target.arrivals().get(rs.getString(1)).answerNanos = now;
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("sync-vs-async: could not read the pipeline's answers", e);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS)); // polling a database, as a client would
        }
    }

    /**
     * Throughput is the answers completed in the second half of the sending window, per second: the
     * steady state, where the pipeline's queue has filled and the synchronous mode's callers are all
     * waiting; the drain after the window (which the pipeline has and the sync mode refuses) is
     * counted separately, as the time to the last answer.
     */
    static Step summarise(
            String mode, double rate, long start, Duration length, TimedTarget target, TrafficResult sent, long calls) {
        List<TimedTarget.Arrival> all = List.copyOf(target.arrivals().values());
        long[] acks = all.stream()
                .filter(a -> a.outcome != null && a.outcome != Outcome.FAILED)
                .mapToLong(a -> a.ackNanos - a.sentNanos)
                .toArray();
        long failed = all.stream()
                .filter(a -> a.outcome == null || a.outcome == Outcome.FAILED)
                .count();
        long[] answers = all.stream()
                .filter(a -> a.answerNanos > 0)
                .mapToLong(a -> a.answerNanos - a.sentNanos)
                .toArray();
        long last = all.stream().mapToLong(a -> a.answerNanos).max().orElse(0);
        long windowFrom = start + length.toNanos() / 2;
        long windowTo = start + length.toNanos();
        long inWindow = all.stream()
                .filter(a -> a.answerNanos >= windowFrom && a.answerNanos < windowTo)
                .count();
        return new Step(
                mode,
                rate,
                all.size(),
                acks.length,
                failed,
                percentile(acks, 0.50),
                percentile(acks, 0.95),
                percentile(acks, 0.99),
                answers.length,
                percentile(answers, 0.50),
                percentile(answers, 0.95),
                percentile(answers, 0.99),
                inWindow / ((windowTo - windowFrom) / 1e9),
                last > start ? (last - start) / 1e9 : Double.NaN,
                all.size() - failed - answers.length,
                calls,
                sent.maxLag().toNanos() / 1e6);
    }

    /** Nearest rank, in ms; NaN for no samples. */
    static double percentile(long[] nanos, double q) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
