package dev.sluice.cli.answers;

import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.report.AnswersReport;
import dev.sluice.answers.report.RunAudit;
import dev.sluice.answers.report.RunCounts;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.config.SluiceConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "seed of the arrivals and the simulator (default: ${DEFAULT-VALUE})")
    long seed;

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
                TrafficPlan.questions(questions, rate, seed).withArrival(TrafficPlan.parseArrival(arrival), 20);
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
                    SimulatorSettings.demo(seed),
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
            dev.sluice.answers.scoring.ScoringJobSettings scoring)
            throws Exception {
        long t0 = System.nanoTime();
        AtomicLong submitted = new AtomicLong();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        Thread sender = new Thread(
                () -> {
                    try (KafkaQuestionPublisher publisher =
                            new KafkaQuestionPublisher(infra.clients(), "demo-" + run, Duration.ofSeconds(30))) {
                        Random random = new Random(plan.seed());
                        var arrivals = plan.arrivals();
                        long due = System.nanoTime();
                        for (QaPair p : chosen) {
                            due += arrivals.nextGapNanos(random);
                            LockSupport.parkNanos(due - System.nanoTime());
                            publisher.publish(QuestionTask.first(
                                    run + "-" + p.id(), p.title(), p.content(), p.bestAnswer(), clock.instant()));
                            submitted.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        sendFailure.set(e);
                    }
                },
                "demo-sender");
        sender.start();

        RunCounts c = RunCounts.read(infra.database().dataSource(), run);
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("answers")
                .setInitialMax(questions)
                .setStyle(ProgressBarStyle.ASCII)
                .hideEta()
                .setUpdateIntervalMillis(500)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
            long deadline = t0 + timeout.toNanos();
            while ((sender.isAlive() || c.done() < submitted.get())
                    && System.nanoTime() < deadline
                    && sendFailure.get() == null) {
                LockSupport.parkNanos(500_000_000L);
                c = RunCounts.read(infra.database().dataSource(), run);
                Live live = Live.of(meters);
                long retrying = live.retrying();
                long queued = Math.max(0, submitted.get() - c.done() - c.regenerating() - retrying);
                double secs = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
                bar.stepTo(c.done());
                bar.setExtraMessage(String.format(
                        "queued %d | answered %d | retrying %d | regen %d | validated %d | dead %d | %.1f/s",
                        queued, live.answered(), retrying, c.regenerating(), c.validated(), c.dead(), c.done() / secs));
            }
        }
        sender.join();
        if (sendFailure.get() != null) {
            throw new IllegalStateException(
                    "submitting questions failed after " + submitted.get() + ": " + sendFailure.get(),
                    sendFailure.get());
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        RunAudit audit = RunAudit.read(infra.clients(), run);
        long lost = submitted.get() - c.validated() - c.dead();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("submitted", submitted.get());
        summary.put("validated", c.validated());
        summary.put("passed_threshold", c.passed());
        summary.put("dead_lettered", c.dead());
        summary.put("lost", lost);
        summary.put("duplicates", audit.duplicates());
        summary.put("llm_calls", Live.of(meters).calls());
        summary.put("retries_overload", audit.retriesOverload());
        summary.put("retries_quota", audit.retriesQuota());
        summary.put("retries_early", audit.retriesEarly());
        summary.put("regenerations", c.regenerations());
        summary.put("max_attempts_seen", c.maxAttempt());
        summary.put("mean_score_first_attempt", round(c.meanFirst()));
        summary.put("mean_score_final", round(c.meanFinal()));
        summary.put("e2e_latency_ms_p50", c.p50());
        summary.put("e2e_latency_ms_p95", c.p95());
        summary.put("elapsed_s", Math.round(elapsed * 10) / 10.0);
        summary.put("questions_per_s", Math.round(c.done() / elapsed * 10) / 10.0);
        summary.put("scorer", scoring.scorer().key());
        summary.put("threshold", scoring.threshold());
        summary.put("llm", rt.llmDescription());
        if (report != null) {
            Path written = AnswersReport.write(report, infra.database().dataSource(), run, summary);
            summary.put("report", written.toString());
        }
        output.print(summary);
        return lost == 0 && audit.duplicates() == 0 && audit.retriesEarly() == 0 ? 0 : 1;
    }

    /** In-process counters of this run's services: LLM calls and answers from the workers, retries waiting in the schedulers. */
    private record Live(long calls, long answered, long retrying) {
        static Live of(SimpleMeterRegistry meters) {
            long calls = 0;
            long answered = 0;
            for (var counter : meters.find("sluice.worker.outcomes").counters()) {
                String outcome = counter.getId().getTag("outcome");
                long n = (long) counter.count();
                if (!"poison".equals(outcome) && !"deferred".equals(outcome)) {
                    calls += n; // a deferred task was held back by the limiter and never reached the LLM
                }
                if ("answer".equals(outcome)) {
                    answered += n;
                }
            }
            long retrying = 0;
            for (var g : meters.find("sluice.delay.waiting").gauges()) {
                retrying += (long) g.value();
            }
            return new Live(calls, answered, retrying);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
