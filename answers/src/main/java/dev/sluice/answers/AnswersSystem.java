package dev.sluice.answers;

import dev.sluice.answers.gateway.GatewayRoutes;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.gateway.QuestionStore;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.retry.AdaptiveLimiter;
import dev.sluice.answers.scoring.ScoringJob;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.storage.StorageService;
import dev.sluice.answers.worker.LlmWorker;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.flink.FlinkTarget;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.service.PollingService;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring only, the mirror of {@code OrdersSystem}: the answers services of one process on the
 * clients it is given, started in pipeline order and stopped in reverse. It owns the answers topics
 * and migrations, the LLM simulator (when the LLM is simulated), the two retry schedulers, the LLM
 * workers, storage, the Flink scoring job's submission (restored from its last retained checkpoint,
 * see {@link dev.sluice.answers.scoring.ScoringCheckpoints}) and the gateway's routes. Which of them
 * run here is the caller's choice ({@link Part}), so one process can run them all ({@code sluice up},
 * {@code sluice demo}) or one each ({@code sluice answers worker}, ...).
 */
public final class AnswersSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnswersSystem.class);

    /** The services a process can run. */
    public enum Part {
        SCHEDULERS,
        WORKERS,
        STORAGE,
        SCORING,
        GATEWAY;

        /** Everything but the gateway (whose routes need an HTTP server). */
        public static Set<Part> pipeline() {
            return EnumSet.of(SCHEDULERS, WORKERS, STORAGE, SCORING);
        }
    }

    /**
     * What this process runs.
     *
     * @param workers  LLM worker instances (each its own consumer and transactional id)
     * @param llm      the workers' LLM; may be null without {@link Part#WORKERS}
     * @param instance stable name of this process (host name): transactional ids derive from it, so a
     *                 restart fences and aborts its predecessor's open transactions
     */
    public record Run(Set<Part> parts, String instance, int workers, LlmChoice llm) {
        public Run {
            parts = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
            if (instance == null || instance.isBlank()) {
                throw new IllegalArgumentException("instance: a stable name of this process is required");
            }
            if (parts.contains(Part.WORKERS) && workers < 1) {
                throw new IllegalArgumentException("--workers: at least 1 LLM worker, was " + workers);
            }
            if (parts.contains(Part.WORKERS)) {
                Objects.requireNonNull(llm, "llm: the workers need an LLM");
            }
        }

        /** No service: the answers topics and tables only (load generators, benchmarks that wire their own job). */
        public static Run tablesAndTopics(String instance) {
            return new Run(Set.of(), instance, 0, null);
        }
    }

    private final KafkaClients clients;
    private final DataSource dataSource;
    private final AnswersSettings settings;
    private final Run run;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<DelayScheduler> schedulers = new ArrayList<>();
    private final List<LlmWorker> workers = new ArrayList<>();
    private LlmSimulator simulator;
    private LlmSettings llmSettings;
    private String llmDescription;
    private StorageService storage;
    private JobClient job;
    private String restoredFrom;
    private GatewayRoutes gateway;

    private AnswersSystem(
            KafkaClients clients,
            DataSource dataSource,
            AnswersSettings settings,
            Run run,
            Clock clock,
            MeterRegistry meters) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.run = Objects.requireNonNull(run, "run");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Creates the answers topics and tables if missing (idempotent; every part needs them). */
    public static void prepare(KafkaClients clients, DataSource dataSource, AnswersSettings settings) {
        try (Admin admin = clients.admin()) {
            Topics.ensure(admin, AnswersTopics.all(settings.partitions(), settings.replication()));
        }
        Migrations.apply(dataSource, "answers");
    }

    /**
     * Prepares topics and tables, then starts the parts of {@code run}, or, if one fails, stops what
     * had started and rethrows.
     *
     * @param flink where the scoring job runs; only used with {@link Part#SCORING}
     */
    public static AnswersSystem start(
            KafkaClients clients,
            DataSource dataSource,
            FlinkTarget flink,
            AnswersSettings settings,
            Run run,
            Clock clock,
            MeterRegistry meters) {
        prepare(clients, dataSource, settings);
        AnswersSystem system = new AnswersSystem(clients, dataSource, settings, run, clock, meters);
        try {
            system.startParts(flink);
            return system;
        } catch (Exception e) {
            system.close();
            throw e instanceof RuntimeException re
                    ? re
                    : new IllegalStateException("answers services did not start: " + e, e);
        }
    }

    private void startParts(FlinkTarget flink) throws Exception {
        Set<Part> parts = run.parts();
        if (parts.contains(Part.SCHEDULERS)) {
            for (DelayTiers tiers : List.of(AnswersTopics.OVERLOAD_RETRY, AnswersTopics.QUOTA_RETRY)) {
                DelayScheduler scheduler = new DelayScheduler(
                                clients.connectionProps(),
                                tiers,
                                DelayScheduler.Settings.of(tiers.prefix() + ".scheduler", run.instance()),
                                clock,
                                meters)
                        .start();
                started.push(scheduler);
                schedulers.add(scheduler);
            }
        }
        if (parts.contains(Part.WORKERS)) {
            llmSettings = llmSettings();
            for (int i = 0; i < run.workers(); i++) {
                workers.add(startWorker(i));
            }
        }
        if (parts.contains(Part.STORAGE)) {
            storage = new StorageService(clients, dataSource);
            storage.bindMetrics(meters).start();
            started.push(() -> storage.stop());
        }
        if (parts.contains(Part.SCORING)) {
            submitScoringJob(Objects.requireNonNull(flink, "flink: the scoring job needs a Flink target"));
        }
        if (parts.contains(Part.GATEWAY)) {
            KafkaQuestionPublisher publisher =
                    new KafkaQuestionPublisher(clients, "gateway-" + run.instance(), Duration.ofSeconds(10));
            started.push(publisher);
            gateway = new GatewayRoutes(
                    new QuestionStore(dataSource, QuestionStore.DEFAULT_LEASE),
                    new AnswerCache<>(settings.cache(), clock),
                    publisher,
                    clock);
            gateway.bindMetrics(meters);
            // a claim left behind by a gateway that died mid-publish goes out after the lease
            java.util.concurrent.ScheduledExecutorService sweeper =
                    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "gateway-stale-claims");
                        t.setDaemon(true);
                        return t;
                    });
            GatewayRoutes routes = gateway;
            long every = QuestionStore.DEFAULT_LEASE.toMillis() / 3;
            sweeper.scheduleWithFixedDelay(
                    routes::republishStale, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
            started.push(sweeper::shutdownNow);
        }
    }

    private LlmSettings llmSettings() {
        if (run.llm() instanceof LlmChoice.Simulator sim) {
            simulator = new LlmSimulator(sim.settings(), ReferenceAnswers.fromPairs(sim.data())).start();
            started.push(simulator);
            return sim.settingsAt(simulator.baseUrl());
        }
        return ((LlmChoice.Provider) run.llm()).settings();
    }

    private LlmWorker startWorker(int i) {
        LlmClient client = LlmClients.create(llmSettings);
        started.push(client);
        if (llmDescription == null) {
            llmDescription = client.describe() + (simulator != null ? " (LLM SIMULATOR)" : "");
        }
        LlmWorker.Settings ws = LlmWorker.Settings.of("answers.workers", run.instance() + "-worker-" + i)
                .withLimiter(AdaptiveLimiter.Settings.of(run.llm().maxInFlight()))
                .withCallTimeout(llmSettings.timeout())
                .withRetry(settings.retry())
                .withRegeneration(settings.scoring().regeneration());
        LlmWorker worker = new LlmWorker(clients, client, ws, clock, meters).start();
        started.push(worker);
        return worker;
    }

    /**
     * Submits the scoring job to the configured Flink (MiniCluster or session cluster) with
     * checkpoints retained where the settings say, restored from the newest one.
     */
    private void submitScoringJob(FlinkTarget flink) throws Exception {
        var env = flink.environment();
        env.setParallelism(settings.parallelism());
        env.configure(settings.checkpoints().configuration());
        restoredFrom = settings.checkpoints().restoreInto(env);
        ScoringJob.build(env, settings.scoring());
        var graph = env.getStreamGraph();
        graph.setJobName(ScoringJob.NAME);
        job = env.executeAsync(graph);
        started.push(() -> cancelAndWait(job));
    }

    /**
     * Cancels the job and waits (up to 60 s) until Flink reports it terminal. Cancel's future only
     * says the request was accepted; a job submitted right after, with the same transactional ids,
     * would otherwise fence the old job's committer mid-commit.
     */
    public static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get(60, TimeUnit.SECONDS);
        try {
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // the usual end of a cancelled job: its result future fails once the job is terminal
        }
    }

    /**
     * Stops worker {@code i} and starts it again under the same instance id, as an operator restarting
     * one process would: its transactional id fences the old producer, and its partitions come back
     * from the committed offsets. For restart tests and rolling restarts.
     */
    public synchronized void restartWorker(int i) {
        workers.get(i).close();
        workers.set(i, startWorker(i));
    }

    /** Stops the storage consumer and starts a new one in the same group; it resumes from the committed offsets. */
    public synchronized void restartStorage() {
        storage.stop();
        storage = new StorageService(clients, dataSource);
        storage.bindMetrics(meters).start();
    }

    /** Mounts the gateway's routes ({@code POST /api/questions}, {@code GET /api/questions/{id}}). */
    public void routes(RoutesConfig routes) {
        if (gateway == null) {
            throw new IllegalStateException("the answers system was started without the gateway");
        }
        gateway.register(routes);
    }

    public boolean hasGateway() {
        return gateway != null;
    }

    public AnswersSettings settings() {
        return settings;
    }

    public ScoringJobSettings scoring() {
        return settings.scoring();
    }

    public LlmSimulator simulator() {
        return simulator;
    }

    public List<LlmWorker> workers() {
        return List.copyOf(workers);
    }

    public List<DelayScheduler> schedulers() {
        return List.copyOf(schedulers);
    }

    /** Every polling service this process runs now (schedulers, workers, storage), for /ready and metrics. */
    public synchronized List<PollingService> services() {
        List<PollingService> all = new ArrayList<>(schedulers);
        all.addAll(workers);
        if (storage != null) {
            all.add(storage);
        }
        return all;
    }

    public StorageService storage() {
        return storage;
    }

    /** The scoring job, or null when this process does not run it. */
    public JobClient job() {
        return job;
    }

    /** The LLM the workers call, e.g. {@code openai:sluice-simulator (LLM SIMULATOR)}; null without workers. */
    public String llmDescription() {
        return llmDescription;
    }

    /** The checkpoint the scoring job was restored from, or null when it started empty. */
    public String restoredFrom() {
        return restoredFrom;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("closing an answers service failed: {}", e.toString());
            }
        }
    }
}
