package dev.sluice.cli.answers;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.GatewayRoutes;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.gateway.QuestionStore;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.scoring.ScoringJob;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.storage.StorageService;
import dev.sluice.answers.worker.LlmWorker;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.execution.JobClient;

/**
 * Every answers service of one process, started in pipeline order and stopped in reverse: the LLM
 * simulator (when the LLM is simulated), the two retry schedulers, the LLM workers, storage, the
 * Flink scoring job (restored from its last retained checkpoint, see {@link ScoringCheckpoints})
 * and the gateway's routes. Wiring only; {@code sluice demo}, {@code sluice up} and the pipeline
 * benchmark share it so they run the same pipeline.
 */
public final class AnswersRuntime implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<LlmWorker> workers = new ArrayList<>();
    private Infrastructure infra;
    private Options options;
    private LlmSettings llmSettings;
    private Clock clock;
    private MeterRegistry meters;
    private LlmSimulator simulator;
    private StorageService storage;
    private GatewayRoutes gateway;
    private JobClient job;
    private String llmDescription;
    private String restoredFrom;

    /**
     * What to run.
     *
     * @param workers       LLM worker instances in this process (each its own consumer and transactional id)
     * @param instance      stable name of this process (host name): worker transactional ids derive from it,
     *                      so a restart fences and aborts its predecessor's open transactions
     * @param simulator     the simulator's settings when {@code llm} is the simulator
     * @param simulatorData the reference answers the simulator draws its answers from
     * @param gateway       also build the gateway's routes (mounted by the caller's HTTP server)
     */
    public record Options(
            LlmOptions llm,
            int workers,
            String instance,
            SimulatorSettings simulator,
            List<QaPair> simulatorData,
            ScoringJobSettings scoring,
            boolean gateway) {
        public Options {
            Objects.requireNonNull(llm, "llm");
            if (workers < 1) {
                throw new IllegalArgumentException("--workers: at least 1 LLM worker, was " + workers);
            }
            Objects.requireNonNull(instance, "instance");
            Objects.requireNonNull(simulator, "simulator");
            Objects.requireNonNull(simulatorData, "simulatorData");
            Objects.requireNonNull(scoring, "scoring");
        }
    }

    private AnswersRuntime() {}

    /**
     * The scoring job's settings from configuration: {@code answers.scorer} (composite, token_f1),
     * {@code answers.threshold} (default: the scorer's own), {@code answers.max-attempts}, the checkpoint interval.
     */
    public static ScoringJobSettings scoringSettings(SluiceConfig config, String bootstrapServers) {
        return dev.sluice.answers.AnswersSettings.from(config, bootstrapServers).scoring();
    }

    /** A submitted scoring job and the checkpoint it was restored from (null: started empty). */
    public record ScoringSubmission(JobClient job, String restoredFrom) {}

    /**
     * Cancels the job and waits (up to 60 s) until Flink reports it terminal. Cancel's future only
     * says the request was accepted; a job submitted right after, with the same transactional ids,
     * would otherwise fence the old job's committer mid-commit.
     */
    public static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get(60, java.util.concurrent.TimeUnit.SECONDS);
        try {
            job.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cancelled) {
            // the usual end of a cancelled job: its result future fails once the job is terminal
        }
    }

    /**
     * Submits the scoring job to the configured Flink (MiniCluster or session cluster) with
     * checkpoints retained under {@link ScoringCheckpoints}, restored from the newest one.
     */
    public static ScoringSubmission submitScoringJob(
            SluiceConfig config, Infrastructure infra, ScoringJobSettings settings) throws Exception {
        var checkpoints = dev.sluice.answers.scoring.ScoringCheckpoints.under(
                config.extra().get(dev.sluice.answers.scoring.ScoringCheckpoints.KEY), config.workDir());
        var env = infra.flink().environment();
        env.setParallelism(config.flink().parallelism());
        env.configure(checkpoints.configuration());
        String restored = checkpoints.restoreInto(env);
        ScoringJob.build(env, settings);
        var graph = env.getStreamGraph();
        graph.setJobName(ScoringJob.NAME);
        return new ScoringSubmission(env.executeAsync(graph), restored);
    }

    /** Starts everything or, if one part fails, stops what had started and rethrows. */
    public static AnswersRuntime start(
            SluiceConfig config, Infrastructure infra, Options options, Clock clock, MeterRegistry meters) {
        AnswersRuntime rt = new AnswersRuntime();
        try {
            rt.startAll(config, infra, options, clock, meters);
            return rt;
        } catch (Exception e) {
            rt.close();
            throw e instanceof RuntimeException re
                    ? re
                    : new IllegalStateException("answers services did not start: " + e, e);
        }
    }

    private void startAll(SluiceConfig config, Infrastructure infra, Options o, Clock clock, MeterRegistry meters)
            throws Exception {
        LlmSettings llmSettings;
        if (o.llm().simulator()) {
            simulator = new LlmSimulator(o.simulator(), ReferenceAnswers.fromPairs(o.simulatorData())).start();
            started.push(simulator);
            llmSettings = o.llm().settings(simulator.baseUrl(), SimulatorSettings.MODEL);
        } else {
            llmSettings = o.llm().settings(null, null);
        }
        for (DelayTiers tiers : List.of(AnswersTopics.OVERLOAD_RETRY, AnswersTopics.QUOTA_RETRY)) {
            started.push(new DelayScheduler(
                            infra.kafkaClientProps(),
                            tiers,
                            DelayScheduler.Settings.of(tiers.prefix() + ".scheduler", o.instance()),
                            clock,
                            meters)
                    .start());
        }
        this.infra = infra;
        this.options = o;
        this.llmSettings = llmSettings;
        this.clock = clock;
        this.meters = meters;
        for (int i = 0; i < o.workers(); i++) {
            workers.add(startWorker(i));
        }
        storage = new StorageService(infra.clients(), infra.database().dataSource()).start();
        started.push(() -> storage.stop());

        ScoringSubmission submitted = submitScoringJob(config, infra, o.scoring());
        job = submitted.job();
        restoredFrom = submitted.restoredFrom();
        started.push(() -> cancelAndWait(job));

        if (o.gateway()) {
            KafkaQuestionPublisher publisher =
                    new KafkaQuestionPublisher(infra.clients(), "gateway-" + o.instance(), Duration.ofSeconds(10));
            started.push(publisher);
            gateway = new GatewayRoutes(
                    new QuestionStore(infra.database().dataSource(), QuestionStore.DEFAULT_LEASE),
                    new AnswerCache<>(CacheSettings.fromConfig(config.extra()), clock),
                    publisher,
                    clock);
            gateway.bindMetrics(meters);
        }
    }

    private LlmWorker startWorker(int i) {
        LlmClient client = LlmClients.create(llmSettings);
        started.push(client);
        if (llmDescription == null) {
            llmDescription = client.describe() + (options.llm().simulator() ? " (LLM SIMULATOR)" : "");
        }
        LlmWorker.Settings ws = LlmWorker.Settings.of("answers.workers", options.instance() + "-worker-" + i)
                .withLimiter(dev.sluice.answers.retry.AdaptiveLimiter.Settings.of(
                        options.llm().maxInFlight()))
                .withCallTimeout(llmSettings.timeout());
        LlmWorker worker = new LlmWorker(infra.clients(), client, ws, clock, meters).start();
        started.push(worker);
        return worker;
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
        storage = new StorageService(infra.clients(), infra.database().dataSource()).start();
    }

    /** Mounts the gateway's routes ({@code POST /api/questions}, {@code GET /api/questions/{id}}); needs {@code gateway=true}. */
    public void routes(RoutesConfig routes) {
        if (gateway == null) {
            throw new IllegalStateException("the answers runtime was started without the gateway");
        }
        gateway.register(routes);
    }

    public LlmSimulator simulator() {
        return simulator;
    }

    public List<LlmWorker> workers() {
        return List.copyOf(workers);
    }

    public StorageService storage() {
        return storage;
    }

    public JobClient job() {
        return job;
    }

    public String llmDescription() {
        return llmDescription;
    }

    /** The checkpoint the scoring job was restored from, or null when it started empty. */
    public String restoredFrom() {
        return restoredFrom;
    }

    /** A short health line for readiness: every worker running and the storage consumer alive. */
    public void checkRunning() {
        for (LlmWorker w : workers) {
            if (!w.isRunning()) {
                throw new IllegalStateException("an LLM worker stopped: " + w.failure());
            }
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("  closing an answers service: " + e);
            }
        }
    }
}
