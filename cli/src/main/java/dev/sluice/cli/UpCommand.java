package dev.sluice.cli;

import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.cli.orders.OrdersRuntime;
import dev.sluice.platform.delay.DelayScheduler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the embedded infrastructure (or connects to the external one), the platform services and
 * the applications' services (orders: API, processor, notifier; answers: gateway, LLM workers, retry
 * schedulers, the Flink scoring job, storage), prints where everything is, and runs until Ctrl-C,
 * then stops everything cleanly. Started again on the same work dir, every consumer resumes from its
 * committed offsets and the scoring job from its last retained checkpoint, so nothing is lost.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start the stack and the services; Ctrl-C stops them.")
public final class UpCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Mixin
    dev.sluice.cli.answers.LlmOptions llm;

    @Option(
            names = "--workers",
            defaultValue = "2",
            description = "LLM worker instances for the answers pipeline (default: ${DEFAULT-VALUE})")
    int workers;

    @Override
    public Integer call() throws Exception {
        llm.validate();
        var config = stack.load();
        System.err.println("sluice up: starting in " + config.workDir().toAbsolutePath() + " ...");
        Infrastructure infra = dev.sluice.cli.answers.AnswersCommand.infra(config, stack.fresh());
        dev.sluice.platform.metrics.Metrics metrics = dev.sluice.platform.metrics.Metrics.create(config.metrics());
        PrometheusMeterRegistry meters = metrics.registry();
        DelayScheduler scheduler = new DelayScheduler(
                        infra.kafkaClientProps(),
                        infra.delayTiers(),
                        DelayScheduler.Settings.of("sluice.delay.scheduler", hostName()),
                        Clock.systemUTC(),
                        meters)
                .start();
        OrdersRuntime orders = OrdersRuntime.start(
                config,
                infra,
                Clock.systemUTC(),
                hostName() + "-" + config.http().port());
        var answersData = dev.sluice.answers.dataset.SampleDataset.pairs(
                dev.sluice.answers.dataset.SampleDataset.maxSize(),
                dev.sluice.answers.dataset.SampleDataset.DEFAULT_SEED);
        dev.sluice.cli.answers.AnswersRuntime answers = dev.sluice.cli.answers.AnswersRuntime.start(
                config,
                infra,
                new dev.sluice.cli.answers.AnswersRuntime.Options(
                        llm,
                        workers,
                        hostName(),
                        dev.sluice.answers.simulator.SimulatorSettings.demo(42),
                        answersData,
                        dev.sluice.cli.answers.AnswersRuntime.scoringSettings(config, infra.bootstrapServers()),
                        true),
                Clock.systemUTC(),
                meters);
        Ops ops = Ops.start(config, infra, meters, scheduler, routes -> {
            orders.routes(routes);
            answers.routes(routes);
        });

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println("\nsluice up: stopping ...");
                            ops.close();
                            answers.close();
                            orders.close();
                            scheduler.close();
                            infra.close();
                            System.err.println("sluice up: stopped");
                            stopped.countDown();
                        },
                        "sluice-shutdown"));

        System.out.println("Sluice is up.");
        System.out.println("  Kafka bootstrap   " + infra.bootstrapServers());
        System.out.println("  PostgreSQL        " + infra.jdbcUrl());
        System.out.println("  Flink web UI      " + infra.flinkWebUi());
        System.out.println("  Orders API        " + ops.url() + "/orders   (SMTP " + orders.smtpDescription() + ")");
        System.out.println(
                "  Answers API       " + ops.url() + "/api/questions   (LLM " + answers.llmDescription() + ")");
        System.out.println("  Scoring job       " + answers.job().getJobID()
                + (answers.restoredFrom() != null ? " (restored from " + answers.restoredFrom() + ")" : ""));
        System.out.println("  Health            " + ops.url() + "/health");
        System.out.println("  Ready             " + ops.url() + "/ready");
        System.out.println("  Metrics           " + ops.url() + "/metrics");
        System.out.println("  Delay tiers       " + infra.delayTiers());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "local";
        }
    }
}
