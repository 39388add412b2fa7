package dev.sluice.cli.report;

import dev.sluice.answers.LlmChoice;
import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.timeline.QuestionTrace;
import dev.sluice.answers.analysis.timeline.QuestionTrace.Event;
import dev.sluice.answers.analysis.timeline.QuestionTrace.Kind;
import dev.sluice.answers.analysis.timeline.StageSummary;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.Outcome;
import dev.sluice.answers.loadgen.Target;
import dev.sluice.answers.loadgen.TrafficGenerator;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.LlmCallHeaders;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.RetryHeaders;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.answers.simulator.LatencyModel;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.simulator.SimulatorStats;
import dev.sluice.cli.Stack;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.io.Directories;
import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.Parsed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Where the time goes (issue 13, item 3): every question's end-to-end time, from the client's
 * POST to its row in PostgreSQL, split into gateway, queue wait, LLM call, worker commit, retry
 * waits, scoring, checkpoint wait and storage, at a low and a high load of the whole embedded
 * pipeline behind the gateway.
 *
 * <p>The stages are rebuilt from what the system already records: the times the messages carry
 * (a retry's failed-at header, a score's scored-at, a validation's validated-at), the worker's LLM
 * call headers ({@link LlmCallHeaders}, the one piece added for this), when each record became
 * visible to a {@code read_committed} reader ({@link TopicWatch}: the commit time of the
 * transaction that wrote it), and when the result row appeared in {@code answers.questions} (polled
 * every {@value #DB_POLL_MS} ms). {@link QuestionTrace#stages()} says exactly how they are joined.
 */
public final class TimeBreakdownExperiment implements Experiment {
    static final int DB_POLL_MS = 20;
    static final int WORKERS = 2;
    static final int IN_FLIGHT_PER_WORKER = 8;
    /** The simulated LLM's quota, calls/s: its capacity, which the high load exceeds. */
    static final double QUOTA = 20;

    static final double LOW = 0.10;
    static final double HIGH = 1.50;

    /** One load: what was offered and what came of it. */
    record LoadRun(
            String name,
            double rate,
            Duration length,
            List<QuestionTrace> traces,
            List<QuestionTrace.Split> splits,
            StageSummary summary,
            long sent,
            long deadLettered,
            long unfinished,
            long attemptMismatches,
            SimulatorStats.Snapshot llm) {}

    @Override
    public String id() {
        return "time-breakdown";
    }

    @Override
    public String title() {
        return "Where the time goes: a question's end-to-end time by stage";
    }

    /** LLM-like latency, a concurrency limit (503 beyond it), a quota of {@value #QUOTA} calls/s, 2% empty answers. */
    static SimulatorSettings simulator(long seed) {
        return SimulatorSettings.defaults(seed)
                .withLatency(LatencyModel.of(Duration.ofMillis(200), Duration.ofMillis(800)))
                .withCapacity(WORKERS * IN_FLIGHT_PER_WORKER / 2, 503)
                .withQuota(QUOTA, (int) QUOTA)
                .withErrorRates(0, 0.02);
    }

    /** What {@link #measure} found: the loads and what they ran on. */
    record Measured(
            StorageData data, List<LoadRun> loads, SimulatorSettings llm, String llmName, Duration checkpoint) {}

    @Override
    public Section run(ExperimentContext context) throws Exception {
        return section(context, measure(context));
    }

    Section section(ExperimentContext context, Measured m) throws java.io.IOException {
        return TimeBreakdownReport.section(this, context, m.data(), m.loads(), m.llm(), m.llmName(), m.checkpoint());
    }

    /** Starts the stack, runs the warm-up, the low and the high load, and follows every question. */
    Measured measure(ExperimentContext context) throws Exception {
        StorageData data = StorageData.find(context.yahooData());
        List<QaPair> pool = ReportStack.pool(data);
        Duration lowLength = context.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(40);
        Duration highLength = context.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(25);
        Duration drain = context.quick() ? Duration.ofSeconds(15) : Duration.ofSeconds(60);
        SimulatorSettings llm = simulator(context.seed());
        Path work = Files.createTempDirectory("sluice-report-time-breakdown");
        SluiceConfig config = ReportStack.config(work);
        LlmChoice.Simulator choice = ReportStack.choice(llm, pool, IN_FLIGHT_PER_WORKER);
        List<LoadRun> loads = new ArrayList<>();
        String llmName;
        Duration checkpoint;
        try (Stack stack = ReportStack.start(config, "time-breakdown", choice, WORKERS)) {
            DataSource db = stack.infra().database().dataSource();
            checkpoint = stack.answers().scoring().checkpointInterval();
            llmName = stack.answers().llmDescription();
            HttpTarget gateway = new HttpTarget(URI.create(stack.url()), Duration.ofSeconds(20), stack.apiKey());
            List<String> topics = new ArrayList<>(List.of(
                    AnswersTopics.PENDING, AnswersTopics.GENERATED, AnswersTopics.SCORED, AnswersTopics.VALIDATED));
            topics.addAll(AnswersTopics.OVERLOAD_RETRY.topics());
            topics.addAll(AnswersTopics.QUOTA_RETRY.topics());
            try (TopicWatch watch = new TopicWatch(stack.infra().clients(), topics)) {
                Runner runner = new Runner(pool, gateway, stack.answers().simulator(), db, watch, drain, context);
                // warm-up, not counted: JIT, connections, Kafka metadata and the first checkpoints
                runner.load("warm-up", 5, Duration.ofSeconds(2));
                loads.add(runner.load("low", QUOTA * LOW, lowLength));
                loads.add(runner.load("high", QUOTA * HIGH, highLength));
            }
        } finally {
            Directories.deleteRecursively(work);
        }
        return new Measured(data, loads, llm, llmName, checkpoint);
    }

    /** Sends one load through the gateway and follows its questions to PostgreSQL. */
    private static final class Runner {
        private static final JsonSerde<QuestionTask> TASKS = JsonSerde.of(QuestionTask.class);
        private static final JsonSerde<GeneratedAnswer> ANSWERS = JsonSerde.of(GeneratedAnswer.class);
        private static final JsonSerde<ScoredAttempt> SCORES = JsonSerde.of(ScoredAttempt.class);
        private static final JsonSerde<ValidatedAnswer> FINALS = JsonSerde.of(ValidatedAnswer.class);

        private final List<QaPair> pool;
        private final HttpTarget gateway;
        private final LlmSimulator simulator;
        private final DataSource db;
        private final TopicWatch watch;
        private final Duration drain;
        private final ExperimentContext context;

        Runner(
                List<QaPair> pool,
                HttpTarget gateway,
                LlmSimulator simulator,
                DataSource db,
                TopicWatch watch,
                Duration drain,
                ExperimentContext context) {
            this.pool = pool;
            this.gateway = gateway;
            this.simulator = simulator;
            this.db = db;
            this.watch = watch;
            this.drain = drain;
            this.context = context;
        }

        LoadRun load(String name, double rate, Duration length) throws Exception {
            context.log()
                    .accept(String.format(
                            Locale.ROOT,
                            "time-breakdown: %s load, %.1f questions/s for %ds",
                            name,
                            rate,
                            length.toSeconds()));
            SimulatorStats.Snapshot before = simulator.stats();
            Sender sender = new Sender(gateway, "tb-" + name + "-" + System.nanoTime());
            TrafficPlan plan = TrafficPlan.questions(1, rate, context.seed())
                    .withPopularity(TrafficPlan.Spread.UNIFORM, 1.0)
                    .withBounds(0, length)
                    .withConcurrency(5000);
            Map<String, QuestionTrace> traces = sender.traces;
            Map<String, Long> dead = new ConcurrentHashMap<>(); // dead-lettered (when), or -1: not queued
            Thread poller = new Thread(() -> pollStored(traces, dead), "time-breakdown-db");
            poller.setDaemon(true);
            poller.start();
            new TrafficGenerator(plan, pool, sender, null).run();
            sender.refused.keySet().forEach(id -> dead.putIfAbsent(id, -1L));
            long deadline = System.nanoTime() + drain.toNanos();
            while (System.nanoTime() < deadline && open(traces, dead) > 0) {
                sender.refused.keySet().forEach(id -> dead.putIfAbsent(id, -1L));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // waiting on the poller's finds
            }
            poller.interrupt();
            poller.join(5_000);
            SimulatorStats.Snapshot after = simulator.stats();
            // the final records are visible before the row is stored, so the watch has them by now
            attach(traces, watch.seen());
            List<QuestionTrace> stored =
                    traces.values().stream().filter(t -> t.storedAt() >= 0).toList();
            List<QuestionTrace.Split> splits =
                    stored.stream().map(QuestionTrace::stages).toList();
            long mismatches = attemptMismatches(stored);
            long unfinished = open(traces, dead);
            if (!sender.refused.isEmpty()) {
                context.log().accept("time-breakdown: " + name + ": the gateway did not queue " + sender.refused);
            }
            traces.values().stream()
                    .filter(t -> t.storedAt() < 0 && !dead.containsKey(t.questionId()))
                    .limit(5)
                    .forEach(t -> context.log()
                            .accept("time-breakdown: " + name + ": unfinished " + t.questionId() + ": "
                                    + t.describe()));
            context.log()
                    .accept(String.format(
                            Locale.ROOT,
                            "time-breakdown: %s: %d sent, %d stored, %d dead-lettered, %d unfinished",
                            name,
                            traces.size(),
                            stored.size(),
                            dead.values().stream().filter(at -> at >= 0).count(),
                            unfinished));
            return new LoadRun(
                    name,
                    rate,
                    length,
                    List.copyOf(traces.values()),
                    splits,
                    StageSummary.of(name, splits),
                    traces.size(),
                    dead.values().stream().filter(at -> at >= 0).count(),
                    unfinished,
                    mismatches,
                    minus(after, before));
        }

        private long open(Map<String, QuestionTrace> traces, Map<String, Long> dead) {
            return traces.values().stream()
                    .filter(t -> t.storedAt() < 0 && !dead.containsKey(t.questionId()))
                    .count();
        }

        /**
         * Polls PostgreSQL for the questions' rows (and dead letters) every {@value #DB_POLL_MS} ms.
         * A row first seen by this poll was committed between the previous poll and this one; the
         * midpoint is the estimate, within half a poll interval.
         */
        private void pollStored(Map<String, QuestionTrace> traces, Map<String, Long> dead) {
            long previous = System.currentTimeMillis();
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                List<String> open = traces.values().stream()
                        .filter(t -> t.storedAt() < 0 && !dead.containsKey(t.questionId()))
                        .map(QuestionTrace::questionId)
                        .toList();
                if (!open.isEmpty()) {
                    try (Connection c = db.getConnection();
                            PreparedStatement s = c.prepareStatement(
                                    "SELECT question_id, 'stored' FROM answers.questions WHERE question_id = ANY(?)"
                                            + " UNION ALL SELECT question_id, 'dead' FROM answers.dead_letters"
                                            + " WHERE question_id = ANY(?)")) {
                        Array ids = c.createArrayOf("text", open.toArray());
                        s.setArray(1, ids);
                        s.setArray(2, ids);
                        long at = (previous + now) / 2;
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                if (rs.getString(2).equals("stored")) {
                                    traces.get(rs.getString(1)).stored(at);
                                } else {
                                    dead.put(rs.getString(1), at);
                                }
                            }
                        }
                    } catch (SQLException e) {
                        context.log().accept("time-breakdown: polling PostgreSQL failed (trying again): " + e);
                    }
                }
                previous = now;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DB_POLL_MS)); // polling, as a client would
            }
        }

        /** Turns every watched record about one of {@code traces}' questions into an event of its trace. */
        private static void attach(Map<String, QuestionTrace> traces, List<TopicWatch.Seen> seen) {
            for (TopicWatch.Seen s : seen) {
                var r = s.record();
                if (r.key() == null) {
                    continue;
                }
                QuestionTrace trace = traces.get(new String(r.key(), StandardCharsets.UTF_8));
                if (trace == null) {
                    continue;
                }
                long start = LlmCallHeaders.startedAt(r.headers()).orElse(-1);
                long took = LlmCallHeaders.durationMs(r.headers()).orElse(-1);
                switch (r.topic()) {
                    case AnswersTopics.PENDING ->
                        parse(TASKS, r.value())
                                .ifPresent(t ->
                                        trace.add(new Event(Kind.PENDING, s.visibleAt(), t.attempt(), -1, -1, -1)));
                    case AnswersTopics.GENERATED ->
                        parse(ANSWERS, r.value())
                                .ifPresent(a ->
                                        trace.add(new Event(Kind.ANSWER, s.visibleAt(), a.attempt(), start, took, -1)));
                    case AnswersTopics.SCORED ->
                        parse(SCORES, r.value())
                                .ifPresent(a -> trace.add(new Event(
                                        Kind.SCORED, s.visibleAt(), a.attempt(), -1, -1, millis(a.scoredAt()))));
                    case AnswersTopics.VALIDATED ->
                        parse(FINALS, r.value())
                                .ifPresent(v -> trace.add(new Event(
                                        Kind.VALIDATED, s.visibleAt(), v.attempts(), -1, -1, millis(v.validatedAt()))));
                    default ->
                        parse(TASKS, r.value())
                                .ifPresent(t -> trace.add(new Event(
                                        Kind.RETRY,
                                        s.visibleAt(),
                                        t.attempt(),
                                        start,
                                        took,
                                        RetryHeaders.number(r.headers(), RetryHeaders.FAILED_AT, -1))));
                }
            }
        }

        /** Questions whose answered attempts in Kafka differ from the attempts storage recorded: a join gone wrong. */
        private long attemptMismatches(List<QuestionTrace> stored) throws SQLException {
            if (stored.isEmpty()) {
                return 0;
            }
            Map<String, Integer> attempts = new HashMap<>();
            try (Connection c = db.getConnection();
                    PreparedStatement s = c.prepareStatement(
                            "SELECT question_id, count(*) FROM answers.attempts WHERE question_id = ANY(?) GROUP BY question_id")) {
                s.setArray(
                        1,
                        c.createArrayOf(
                                "text",
                                stored.stream().map(QuestionTrace::questionId).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        attempts.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            return stored.stream()
                    .filter(t -> attempts.getOrDefault(t.questionId(), 0) != t.answers())
                    .count();
        }

        private static <T> Optional<T> parse(JsonSerde<T> serde, byte[] value) {
            Parsed<T> p = serde.parse(value);
            return p.isOk() ? Optional.of(p.value()) : Optional.empty();
        }

        private static long millis(java.time.Instant t) {
            return t == null ? -1 : t.toEpochMilli();
        }

        private static SimulatorStats.Snapshot minus(SimulatorStats.Snapshot a, SimulatorStats.Snapshot b) {
            return new SimulatorStats.Snapshot(
                    a.requests() - b.requests(),
                    a.answered() - b.answered(),
                    a.empty() - b.empty(),
                    a.fatal() - b.fatal(),
                    a.overloaded() - b.overloaded(),
                    a.quotaRejected() - b.quotaRejected(),
                    a.badRequests() - b.badRequests());
        }
    }

    /**
     * The load generator's target with a fresh question id per send ({@code prefix-n}, so nothing is
     * answered from an earlier load's row or the cache) and the send time of each, epoch ms.
     */
    private static final class Sender implements Target {
        final Map<String, QuestionTrace> traces = new ConcurrentHashMap<>();
        /** Questions the gateway did not queue (an error, or answered at once), with what it said. */
        final Map<String, String> refused = new ConcurrentHashMap<>();

        private final Target delegate;
        private final String prefix;
        private final AtomicLong sequence = new AtomicLong();

        Sender(Target delegate, String prefix) {
            this.delegate = delegate;
            this.prefix = prefix;
        }

        @Override
        public CompletableFuture<Outcome> send(QaPair question) {
            String id = prefix + "-" + sequence.incrementAndGet();
            traces.put(id, new QuestionTrace(id, System.currentTimeMillis()));
            return delegate.send(new QaPair(
                            id, question.title(), question.content(), question.bestAnswer(), question.category()))
                    .whenComplete((outcome, error) -> {
                        if (error != null || outcome != Outcome.QUEUED) {
                            refused.put(id, error != null ? error.toString() : String.valueOf(outcome));
                        } else {
                            traces.get(id).acked(System.currentTimeMillis());
                        }
                    });
        }
    }
}
