package dev.sluice.cli.answers;

import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.GatewayRoutes;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.gateway.QuestionStore;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CacheSettings;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.storage.StorageService;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.UpCommand;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.ReadinessCheck;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice answers <service>}: each answers service alone, against the configured (embedded or
 * external) Kafka, PostgreSQL and Flink, so several processes or machines can share the work.
 */
@Command(
        name = "answers",
        mixinStandardHelpOptions = true,
        description = "Run one answers service until Ctrl-C.",
        subcommands = {
            AnswersDemo.class,
            AnswersLoad.class,
            AnswersCommand.Worker.class,
            AnswersCommand.Gateway.class,
            AnswersCommand.Scheduler.class,
            AnswersCommand.Scoring.class,
            AnswersCommand.Storage.class,
            AnswersCommand.Simulator.class
        })
public final class AnswersCommand {

    public static Infrastructure infra(SluiceConfig config, boolean fresh) {
        Infrastructure infra = Infrastructure.start(config, fresh);
        try (Admin admin = infra.clients().admin()) {
            Topics.ensure(admin, AnswersTopics.all(config.kafka().partitions(), (short)
                    config.kafka().replicationFactor()));
        }
        Migrations.apply(infra.database().dataSource(), "answers");
        return infra;
    }

    static double doubleKey(SluiceConfig config, String key, double fallback) {
        String v = config.extra().get(key);
        try {
            return v == null ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a number");
        }
    }

    @Command(
            name = "worker",
            mixinStandardHelpOptions = true,
            description = "An LLM worker: questions.pending → LLM → answers.generated, retry topics or the DLQ. "
                    + "--llm sim starts the built-in LLM simulator in this process.")
    static final class Worker implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Mixin
        LlmOptions llm;

        @Option(
                names = "--instance",
                description =
                        "instance id, stable across restarts of this worker (a restarted worker then aborts its predecessor's open transaction); default: host name + -worker-0")
        String instance;

        @Override
        public Integer call() throws Exception {
            SluiceConfig config = stack.load();
            ServiceMain main = new ServiceMain("worker");
            Infrastructure infra = main.add(infra(config, stack.fresh()));
            Metrics metrics = main.add(Metrics.create(config.metrics()));
            llm.validate();
            java.net.URI simUrl = null;
            if (llm.simulator()) {
                LlmSimulator sim = main.add(new LlmSimulator(
                                SimulatorSettings.demo(42),
                                ReferenceAnswers.fromPairs(
                                        SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED)))
                        .start());
                simUrl = sim.baseUrl();
            }
            var settings = llm.settings(simUrl, SimulatorSettings.MODEL);
            dev.sluice.answers.llm.LlmClient client = main.add(dev.sluice.answers.llm.LlmClients.create(settings));
            dev.sluice.answers.worker.LlmWorker worker = new dev.sluice.answers.worker.LlmWorker(
                            infra.clients(),
                            client,
                            dev.sluice.answers.worker.LlmWorker.Settings.of(
                                            "answers.workers",
                                            instance != null ? instance : UpCommand.hostName() + "-worker-0")
                                    .withLimiter(
                                            dev.sluice.answers.retry.AdaptiveLimiter.Settings.of(llm.maxInFlight()))
                                    .withCallTimeout(settings.timeout()),
                            Clock.systemUTC(),
                            metrics.registry())
                    .start();
            main.add(worker::close);
            return main.awaitCtrlC(
                    "LLM " + client.describe() + (llm.simulator() ? " (LLM SIMULATOR)" : ""),
                    "Kafka " + infra.bootstrapServers());
        }
    }

    @Command(
            name = "gateway",
            mixinStandardHelpOptions = true,
            description = "POST /api/questions, GET /api/questions/{id}: cache → database → questions.pending.")
    static final class Gateway implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            SluiceConfig config = stack.load();
            ServiceMain main = new ServiceMain("gateway");
            Infrastructure infra = main.add(infra(config, stack.fresh()));
            Metrics metrics = main.add(Metrics.create(config.metrics()));
            KafkaQuestionPublisher publisher = main.add(new KafkaQuestionPublisher(
                    infra.clients(), "gateway-" + UpCommand.hostName(), Duration.ofSeconds(10)));
            GatewayRoutes routes = new GatewayRoutes(
                    new QuestionStore(infra.database().dataSource(), QuestionStore.DEFAULT_LEASE),
                    new AnswerCache<>(CacheSettings.fromConfig(config.extra()), Clock.systemUTC()),
                    publisher,
                    Clock.systemUTC());
            routes.bindMetrics(metrics.registry());
            Javalin app = HttpApp.create(
                            config.http(),
                            metrics.registry(),
                            List.of(
                                    ReadinessCheck.kafka(
                                            infra.bootstrapServers(),
                                            config.kafka().properties(),
                                            Duration.ofSeconds(2)),
                                    ReadinessCheck.database(infra.database().dataSource(), Duration.ofSeconds(2))),
                            routes::register)
                    .start();
            main.add(app::stop);
            return main.awaitCtrlC(
                    "API  http://localhost:" + app.port() + "/api/questions", "Kafka " + infra.bootstrapServers());
        }
    }

    @Command(
            name = "scheduler",
            mixinStandardHelpOptions = true,
            description = "Delay schedulers for the overload and quota retry topics.")
    static final class Scheduler implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            SluiceConfig config = stack.load();
            ServiceMain main = new ServiceMain("scheduler");
            Infrastructure infra = main.add(infra(config, stack.fresh()));
            Metrics metrics = main.add(Metrics.create(config.metrics()));
            String instance = UpCommand.hostName();
            for (DelayTiers tiers : List.of(AnswersTopics.OVERLOAD_RETRY, AnswersTopics.QUOTA_RETRY)) {
                main.add(new DelayScheduler(
                                infra.kafkaClientProps(),
                                tiers,
                                DelayScheduler.Settings.of(tiers.prefix() + ".scheduler", instance),
                                Clock.systemUTC(),
                                metrics.registry())
                        .start());
            }
            return main.awaitCtrlC(
                    "overload retries " + AnswersTopics.OVERLOAD_RETRY,
                    "quota retries    " + AnswersTopics.QUOTA_RETRY);
        }
    }

    @Command(
            name = "scoring",
            mixinStandardHelpOptions = true,
            description =
                    "Submit the Flink scoring job (embedded MiniCluster or --flink host:port) and keep it running.")
    static final class Scoring implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            SluiceConfig config = stack.load();
            ServiceMain main = new ServiceMain("scoring");
            Infrastructure infra = main.add(infra(config, stack.fresh()));
            ScoringJobSettings settings = AnswersRuntime.scoringSettings(config, infra.bootstrapServers());
            AnswersRuntime.ScoringSubmission submitted = AnswersRuntime.submitScoringJob(config, infra, settings);
            JobClient job = submitted.job();
            main.add(() -> AnswersRuntime.cancelAndWait(job));
            if (submitted.restoredFrom() != null) {
                System.out.println("  restored from " + submitted.restoredFrom());
            }
            return main.awaitCtrlC(
                    "job " + job.getJobID() + " on " + infra.flinkWebUi(),
                    "threshold " + settings.threshold() + ", max attempts " + settings.maxAttempts());
        }
    }

    @Command(
            name = "storage",
            mixinStandardHelpOptions = true,
            description = "Write answers.validated, answers.scored and questions.dlq into PostgreSQL, idempotently.")
    static final class Storage implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            SluiceConfig config = stack.load();
            ServiceMain main = new ServiceMain("storage");
            Infrastructure infra = main.add(infra(config, stack.fresh()));
            StorageService storage =
                    new StorageService(infra.clients(), infra.database().dataSource()).start();
            main.add(storage::stop);
            return main.awaitCtrlC("PostgreSQL " + infra.jdbcUrl());
        }
    }

    @Command(
            name = "simulator",
            mixinStandardHelpOptions = true,
            description =
                    "The LLM simulator: OpenAI and Ollama HTTP APIs with overload, quota and errors, answering from the sample dataset. A simulator, not a model.")
    static final class Simulator implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "11434", description = "port (default: ${DEFAULT-VALUE}, Ollama's)")
        int port;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Override
        public Integer call() throws Exception {
            ServiceMain main = new ServiceMain("simulator");
            LlmSimulator sim = main.add(new LlmSimulator(
                            SimulatorSettings.demo(seed).withPort(port),
                            ReferenceAnswers.fromPairs(
                                    SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED)))
                    .start());
            return main.awaitCtrlC(
                    "LLM SIMULATOR at " + sim.baseUrl() + " (OpenAI /v1/chat/completions, Ollama /api/chat)");
        }
    }
}
