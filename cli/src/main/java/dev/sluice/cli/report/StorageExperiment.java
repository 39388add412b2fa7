package dev.sluice.cli.report;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.TrafficGenerator;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.loadgen.TrafficResult;
import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.Stack;
import dev.sluice.cli.answers.LlmOptions;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.io.Directories;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Storage with counts (the assignment: the question, the best answer, the LLM's answer, the score
 * and how many times the question was asked): the whole answers pipeline on the embedded stack (a
 * real Kafka broker, PostgreSQL, a Flink MiniCluster, the LLM simulator), with questions posted to
 * the gateway over HTTP, repeats drawn with Zipf popularity, so every arrival is counted where
 * production counts it. Then {@link StoredRows} reads what PostgreSQL holds.
 *
 * <p>The stack can only be assembled by the CLI ({@link Stack}), so this experiment lives here and
 * the report's list of experiments ({@link Experiments}) is assembled here too.
 */
public final class StorageExperiment implements Experiment {
    /** Popular questions are asked again, less so than web pages are fetched (1.0); see the section. */
    static final double ZIPF = 0.8;

    private static final int KAGGLE_POOL = 20_000;

    @Override
    public String id() {
        return "storage";
    }

    @Override
    public String title() {
        return "Storage: every question once, with how many times it was asked";
    }

    @Override
    public Section run(ExperimentContext context) throws Exception {
        StorageData data = StorageData.find(context.yahooData());
        int arrivals = context.quick() ? 300 : data.kaggle() ? 40_000 : 10_000;
        double rate = context.quick() ? 100 : 300;
        List<QaPair> pool = data.pairs().size() > KAGGLE_POOL ? data.pairs().subList(0, KAGGLE_POOL) : data.pairs();
        TrafficPlan plan =
                TrafficPlan.questions(arrivals, rate, context.seed()).withPopularity(TrafficPlan.Spread.ZIPF, ZIPF);
        context.log()
                .accept("storage: " + data.description() + "; " + arrivals + " arrivals over " + pool.size()
                        + " questions, Zipf " + ZIPF + ", " + (int) rate + "/s");

        Path work = Files.createTempDirectory("sluice-report-storage");
        try {
            return measure(context, data, pool, plan, work);
        } finally {
            deleteRecursively(work);
        }
    }

    private Section measure(ExperimentContext context, StorageData data, List<QaPair> pool, TrafficPlan plan, Path work)
            throws Exception {
        SluiceConfig config = ConfigLoader.load(
                Optional.empty(),
                Map.of(), // the report is the same whatever the environment says
                Map.of(
                        "work-dir", work.toString(),
                        "http.port", "0",
                        "flink.rest-port", "0",
                        "flink.checkpoint-interval", "1s"));
        SimulatorSettings simulator = SimulatorSettings.defaults(context.seed());
        EnumSet<AnswersSystem.Part> parts = EnumSet.copyOf(AnswersSystem.Part.pipeline());
        parts.add(AnswersSystem.Part.GATEWAY);
        var run = new AnswersSystem.Run(
                parts, "report", 2, LlmOptions.simulator(16).choice(simulator, pool));
        try (Stack stack = Stack.builder(config)
                .instance("report")
                .answers(run)
                // token F1: this section is about what is stored and counted, and the semantic
                // composite's CPU (measured in other sections) would only make it slower
                .answersSettings(s -> s.withScoring(s.scoring().withScorer(ScorerKind.TOKEN_F1)))
                .http(0)
                .quietRequests()
                .start()) {
            HttpTarget gateway = new HttpTarget(URI.create(stack.url()), Duration.ofSeconds(30), stack.apiKey());
            TrafficResult sent = new TrafficGenerator(plan, pool, gateway, null).run();
            context.log()
                    .accept(String.format(
                            "storage: %d arrivals sent in %.1f s (%d queued, %d answered from storage, %d failed)",
                            sent.sent(),
                            sent.elapsed().toMillis() / 1000.0,
                            sent.queued(),
                            sent.answered(),
                            sent.failed()));
            DataSource db = stack.infra().database().dataSource();
            long unfinished = awaitResults(db, context, Duration.ofMinutes(context.quick() ? 2 : 5));
            StoredRows rows = StoredRows.read(db);
            String llm = stack.answers().llmDescription() + ", zero latency, no errors, default quality model";
            double threshold = stack.answers().scoring().threshold();
            return rows.section(this, context, data, pool.size(), plan, sent, unfinished, llm, threshold);
        }
    }

    /**
     * Waits until every question that arrived has a result or a dead letter, or {@code limit} passes.
     *
     * @return how many are still unfinished (0 normally)
     */
    private static long awaitResults(DataSource db, ExperimentContext context, Duration limit) throws SQLException {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastLog = System.nanoTime();
        while (true) {
            long open = StoredRows.unfinished(db);
            if (open == 0 || System.nanoTime() > deadline) {
                return open;
            }
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
                context.log().accept("storage: " + open + " questions still in the pipeline");
                lastLog = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250)); // polling a database, not a test
        }
    }

    static void deleteRecursively(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            System.err.println("storage: could not delete the work dir " + dir + ": " + e.getMessage());
        }
    }
}
