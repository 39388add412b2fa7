package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.loadgen.DemoRun;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.report.AnswersReport;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.SeedOptions;
import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import dev.sluice.platform.config.SluiceConfig;
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
public final class AnswersDemoCommand implements Callable<Integer> {
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
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Clock clock = Clock.systemUTC();
        System.err.println("sluice demo: starting the stack in "
                + config.workDir().toAbsolutePath() + (llm.simulator() ? " (LLM SIMULATOR) ..." : " ..."));
        var run = new AnswersSystem.Run(
                AnswersSystem.Part.pipeline(), "demo", workers, llm.choice(SimulatorSettings.demo(seed.seed()), pairs));
        try (Stack running = stack.builder(config).instance("demo").answers(run).start()) {
            System.err.println("  " + running.describe());
            if (running.answers().restoredFrom() != null) {
                System.err.println(
                        "  scoring job restored from " + running.answers().restoredFrom());
            }
            return drive(running, plan, pairs.subList(0, questions), runId, clock);
        }
    }

    private int drive(Stack running, TrafficPlan plan, List<QaPair> chosen, String run, Clock clock) throws Exception {
        var infra = running.infra();
        var answers = running.answers();
        ScoringJobSettings scoring = answers.scoring();
        DemoRun.Result result;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("answers")
                .setInitialMax(questions)
                .setStyle(ProgressBarStyle.ASCII)
                .hideEta()
                .setUpdateIntervalMillis(500)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
            result = new DemoRun(infra.clients(), infra.database().dataSource(), running.meters(), clock)
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
        Map<String, Object> summary =
                result.summary(scoring.scorer().key(), scoring.threshold(), answers.llmDescription());
        if (report != null) {
            Path written = AnswersReport.write(report, infra.database().dataSource(), run, summary);
            summary.put("report", written.toString());
        }
        output.print(summary);
        return result.ok() ? 0 : 1;
    }
}
