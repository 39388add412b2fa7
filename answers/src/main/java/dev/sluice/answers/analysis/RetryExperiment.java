package dev.sluice.answers.analysis;

import dev.sluice.answers.analysis.retry.RetryReport;
import dev.sluice.answers.analysis.retry.RetryRun;
import dev.sluice.answers.analysis.retry.RetryStrategy;
import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.answers.simulator.LatencyModel;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.platform.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Do retries work? Two fault schedules from the LLM simulator, over its HTTP API, through the real
 * OpenAI and Gemini clients and their error classifier: an overload storm (every call answered 503
 * or 429 quota for a while) and a sustained quota (a token bucket below the arrival rate). Each
 * schedule is run once per retry strategy and provider shape, all with the same seed; see
 * {@link RetryRun} for the driver and what it leaves out of the pipeline.
 */
public final class RetryExperiment implements Experiment {
    /** The worker's default {@code llm.max-in-flight}-like bound on concurrent calls. */
    static final int MAX_IN_FLIGHT = 8;
    /** Simulated concurrency limit: 503 above it. */
    static final int CAPACITY = 6;

    static final double ARRIVALS_PER_SECOND = 12;
    static final double QUOTA_PER_SECOND = 8;
    static final LatencyModel LATENCY = LatencyModel.of(Duration.ofMillis(150), Duration.ofMillis(600));

    /** A fault schedule. stormLength zero: no storm; quotaPerSecond zero: no quota. */
    public record Scenario(
            String id,
            String title,
            Duration arrivals,
            Duration stormStart,
            Duration stormLength,
            double quotaPerSecond,
            Duration deadline) {
        public int questions() {
            return (int) Math.round(ARRIVALS_PER_SECOND * arrivals.toMillis() / 1000.0);
        }
    }

    /** A strategy by its key in files and numbers. */
    public record Named(String key, Function<RetryPolicy, RetryStrategy> make) {}

    /** One run's identity and what it saw. */
    public record Outcome(
            Scenario scenario, LlmProvider shape, String strategyKey, String strategy, RetryRun.Result result) {}

    static final List<Named> STRATEGIES = List.of(
            new Named("none", RetryStrategy::none),
            new Named("immediate", p -> RetryStrategy.immediate(p, p.settings().maxOverloadRetries())),
            new Named(
                    "fixed",
                    p -> RetryStrategy.fixed(
                            p, Duration.ofSeconds(1), p.settings().maxOverloadRetries())),
            new Named("backoff-ignore", RetryStrategy::backoffIgnoringServer),
            new Named("exact-server-delay", RetryStrategy::serverDelayExactly),
            new Named("policy", RetryStrategy::policy));

    static final List<LlmProvider> SHAPES = List.of(LlmProvider.OPENAI, LlmProvider.GEMINI);

    @Override
    public String id() {
        return "retries";
    }

    @Override
    public String title() {
        return "Retries: overload storms and quota exhaustion";
    }

    static List<Scenario> scenarios(boolean quick) {
        return quick
                ? List.of(
                        new Scenario(
                                "storm",
                                "overload storm",
                                Duration.ofSeconds(4),
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(2),
                                0,
                                Duration.ofSeconds(12)),
                        new Scenario(
                                "quota",
                                "quota below demand",
                                Duration.ofSeconds(4),
                                Duration.ZERO,
                                Duration.ZERO,
                                QUOTA_PER_SECOND,
                                Duration.ofSeconds(12)))
                : List.of(
                        new Scenario(
                                "storm",
                                "overload storm",
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(10),
                                0,
                                Duration.ofSeconds(60)),
                        new Scenario(
                                "quota",
                                "quota below demand",
                                Duration.ofSeconds(30),
                                Duration.ZERO,
                                Duration.ZERO,
                                QUOTA_PER_SECOND,
                                Duration.ofSeconds(60)));
    }

    @Override
    public Section run(ExperimentContext context) throws Exception {
        long started = System.nanoTime();
        Path file = ThresholdExperiment.dataFile(context.yahooData());
        List<QaPair> pairs = new ArrayList<>(DatasetLoader.loadAny(file).pairs());
        Collections.shuffle(pairs, new Random(context.seed()));
        RetryPolicy.Settings settings = RetryPolicy.Settings.defaults();
        List<Outcome> outcomes = new ArrayList<>();
        for (Scenario scenario : scenarios(context.quick())) {
            List<QaPair> chosen = pairs.subList(0, Math.min(pairs.size(), scenario.questions()));
            context.log()
                    .accept(String.format(
                            Locale.ROOT,
                            "retries: %s, %d questions at %.0f/s, %d strategies x %d provider shapes in parallel"
                                    + " (at most %d s)",
                            scenario.title(),
                            chosen.size(),
                            ARRIVALS_PER_SECOND,
                            STRATEGIES.size(),
                            SHAPES.size(),
                            scenario.deadline().toSeconds()));
            outcomes.addAll(runScenario(scenario, chosen, settings, context.seed()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        context.log().accept(String.format(Locale.ROOT, "retries: done in %.0f s", seconds));
        return RetryReport.write(context, file, outcomes, settings, seconds);
    }

    private static List<Outcome> runScenario(
            Scenario scenario, List<QaPair> pairs, RetryPolicy.Settings settings, long seed) throws Exception {
        ReferenceAnswers references = ReferenceAnswers.fromPairs(pairs);
        List<QuestionTask> tasks = pairs.stream()
                .map(p -> QuestionTask.first(p.id(), p.title(), p.content(), p.bestAnswer(), Instant.EPOCH))
                .toList();
        int runs = STRATEGIES.size() * SHAPES.size();
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        ScheduledExecutorService storms = Executors.newScheduledThreadPool(1);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (LlmProvider shape : SHAPES) {
                for (Named named : STRATEGIES) {
                    futures.add(pool.submit(
                            () -> runOne(scenario, shape, named, tasks, references, settings, seed, storms)));
                }
            }
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
            storms.shutdownNow();
        }
    }

    private static Outcome runOne(
            Scenario scenario,
            LlmProvider shape,
            Named named,
            List<QuestionTask> tasks,
            ReferenceAnswers references,
            RetryPolicy.Settings settings,
            long seed,
            ScheduledExecutorService storms)
            throws InterruptedException {
        SimulatorSettings sim = SimulatorSettings.defaults(seed)
                .withLatency(LATENCY)
                .withCapacity(CAPACITY, 503)
                .withQuota(scenario.quotaPerSecond(), (int) Math.max(1, scenario.quotaPerSecond()));
        RetryStrategy strategy =
                named.make().apply(new RetryPolicy(settings, java.time.Clock.systemUTC(), new Random(seed)));
        try (LlmSimulator simulator = new LlmSimulator(sim, references).start();
                LlmClient client = LlmClients.create(clientSettings(shape, simulator))) {
            RetryRun.Result result = new RetryRun(client, strategy, MAX_IN_FLIGHT)
                    .run(tasks, ARRIVALS_PER_SECOND, scenario.deadline(), () -> {
                        if (!scenario.stormLength().isZero()) {
                            storms.schedule(
                                    () -> simulator.storm(scenario.stormLength()),
                                    scenario.stormStart().toMillis(),
                                    TimeUnit.MILLISECONDS);
                        }
                    });
            return new Outcome(scenario, shape, named.key(), strategy.name(), result);
        }
    }

    /** The real client for a provider shape, pointed at the simulator; Gemini needs some key. */
    static LlmSettings clientSettings(LlmProvider shape, LlmSimulator simulator) {
        return new LlmSettings(
                shape,
                simulator.baseUrl(),
                SimulatorSettings.MODEL,
                null,
                shape == LlmProvider.GEMINI ? Secret.of("simulator-needs-no-key") : Secret.empty(),
                Duration.ofSeconds(10),
                MAX_IN_FLIGHT,
                0,
                null);
    }
}
