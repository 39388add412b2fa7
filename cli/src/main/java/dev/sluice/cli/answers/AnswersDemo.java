package dev.sluice.cli.answers;

import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.loadgen.DemoRun;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.report.AnswersReport;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.SeedOptions;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.config.SluiceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice answers demo}: every answers service in one process on the configured stack (the
 * LLM simulator by default), N questions through the whole pipeline, live progress from the
 * database, and a summary whose lost/duplicate counts come from the database and the topics.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "The answers pipeline end to end: questions → LLM (simulator by default) → Flink scoring → PostgreSQL, with a summary.")
public final class AnswersDemo implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Mixin
    LlmOptions llm;

    @Option(
            names = "--questions",
            defaultValue = "200",
            description = "distinct questions to send (default: ${DEFAULT-VALUE})")
    int questions;

    @Option(
            names = "--dataset",
            description = "a Kaggle-layout or headered Yahoo! Answers CSV (default: the built-in sample)")
    Path dataset;

    @Option(
            names = "--rate",
            defaultValue = "25",
            description = "questions per second submitted (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--arrival",
            defaultValue = "poisson",
            description = "poisson, constant or burst (bursts of 20 at the same mean rate) (default: ${DEFAULT-VALUE})")
    String arrival;

    @Option(names = "--workers", defaultValue = "2", description = "LLM worker instances (default: ${DEFAULT-VALUE})")
    int workers;

    @Mixin
    SeedOptions seed;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = dev.sluice.cli.DurationConverter.class,
            description = "give up waiting for results after this long (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "also write a Markdown report with charts here (an example: docs/demo/answers-report.md)")
    Path report;

    @Mixin
    dev.sluice.cli.SummaryOptions output;

    @Override
    public Integer call() throws Exception {
        TrafficPlan plan =
                TrafficPlan.questions(questions, rate, seed.seed()).withArrival(TrafficPlan.parseArrival(arrival), 20);
        llm.validate();
        SluiceConfig config = stack.load();
        List<QaPair> pairs = dataset == null
                ? SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED)
                : DatasetLoader.loadAny(dataset).pairs();
        if (questions < 1 || questions > pairs.size()) {
            throw new IllegalArgumentException(
                    "--questions: between 1 and " + pairs.size() + " (the dataset's size), was " + questions);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Clock clock = Clock.systemUTC();
        System.err.println("sluice demo: starting the stack in "
                + config.workDir().toAbsolutePath() + (llm.simulator() ? " (LLM SIMULATOR) ..." : " ..."));
        try (Infrastructure infra = AnswersCommand.infra(config, stack.fresh())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            AnswersRuntime.Options options = new AnswersRuntime.Options(
                    llm,
                    workers,
                    "demo",
                    SimulatorSettings.demo(seed.seed()),
                    pairs,
                    AnswersRuntime.scoringSettings(config, infra.bootstrapServers()),
                    false);
            try (AnswersRuntime rt = AnswersRuntime.start(config, infra, options, clock, meters)) {
                System.err.printf(
                        "  kafka %s | postgres %s | flink %s | LLM %s%n",
                        infra.bootstrapServers(), infra.jdbcUrl(), infra.flinkWebUi(), rt.llmDescription());
                if (rt.restoredFrom() != null) {
                    System.err.println("  scoring job restored from " + rt.restoredFrom());
                }
                return drive(infra, rt, meters, plan, pairs.subList(0, questions), run, clock, options.scoring());
            }
        }
    }

    private int drive(
            Infrastructure infra,
            AnswersRuntime rt,
            SimpleMeterRegistry meters,
            TrafficPlan plan,
            List<QaPair> chosen,
            String run,
            Clock clock,
            ScoringJobSettings scoring)
            throws Exception {
        DemoRun.Result result;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("answers")
                .setInitialMax(questions)
                .setStyle(ProgressBarStyle.ASCII)
                .hideEta()
                .setUpdateIntervalMillis(500)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
            result = new DemoRun(infra.clients(), infra.database().dataSource(), meters, clock)
                    .run(plan, chosen, run, timeout, p -> {
                        bar.stepTo(p.done());
                        bar.setExtraMessage(String.format(
                                "queued %d | answered %d | retrying %d | regen %d | validated %d | dead %d | %.1f/s",
                                p.queued(),
                                p.answered(),
                                p.retrying(),
                                p.regenerating(),
                                p.validated(),
                                p.dead(),
                                p.perSecond()));
                    });
        }
        Map<String, Object> summary = result.summary(scoring.scorer().key(), scoring.threshold(), rt.llmDescription());
        if (report != null) {
            Path written = AnswersReport.write(report, infra.database().dataSource(), run, summary);
            summary.put("report", written.toString());
        }
        output.print(summary);
        return result.ok() ? 0 : 1;
    }
}
