package dev.sluice.cli;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.answers.LlmOptions;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the embedded infrastructure (or connects to the external one), the platform services and
 * the applications' services (orders: API, processor, notifier; answers: gateway, LLM workers, retry
 * schedulers, the Flink scoring job, storage), prints where everything is (the dashboard first) and,
 * on a terminal, a status line rewritten every few seconds ({@link StatusLine}); runs until Ctrl-C,
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
    LlmOptions llm;

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
        String host = Stack.hostName();
        var data = SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);
        var parts = EnumSet.allOf(AnswersSystem.Part.class);
        Stack up = stack.builder(config)
                .instance(host)
                .orders()
                .ordersInstance(host + "-" + config.http().port())
                .answers(new AnswersSystem.Run(parts, host, workers, llm.choice(SimulatorSettings.demo(42), data)))
                .http()
                .dashboard()
                .start();
        var infra = up.infra();
        var answers = up.answers();
        String restored = answers.restoredFrom() != null ? " (restored from " + answers.restoredFrom() + ")" : "";
        // the dashboard first: one page with everything below; on a terminal a live status line follows
        return up.foreground(
                "sluice up",
                up::status,
                "Dashboard         " + up.url() + "/",
                "Kafka bootstrap   " + infra.bootstrapServers(),
                "PostgreSQL        " + infra.jdbcUrl(),
                "Flink web UI      " + infra.flinkWebUi(),
                "Orders API        " + up.url() + "/orders   (SMTP "
                        + up.orders().smtpDescription() + ")",
                "Answers API       " + up.url() + "/api/questions   (LLM " + answers.llmDescription() + ")",
                "Scoring job       " + answers.job().getJobID() + restored,
                "Health            " + up.url() + "/health",
                "Ready             " + up.url() + "/ready",
                "Metrics           " + up.url() + "/metrics",
                "Delay tiers       " + infra.delayTiers());
    }
}
