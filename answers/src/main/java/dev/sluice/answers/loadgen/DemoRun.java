package dev.sluice.answers.loadgen;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.report.RunAudit;
import dev.sluice.answers.report.RunCounts;
import dev.sluice.platform.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One demo run against a running answers pipeline: submits the chosen questions straight to
 * Kafka at the plan's arrivals (ids {@code <run>-<question id>}), reports progress from the
 * database twice a second, and ends with what the database ({@link RunCounts}) and the topics
 * ({@link RunAudit}) say happened, so lost and duplicate counts are never taken from the services'
 * own counters. The services' meters (the registry they were started with) only feed the live
 * progress and the LLM call count.
 */
public final class DemoRun {
    /** Live progress: {@code queued} is submitted and not yet answered, retrying or regenerating. */
    public record Progress(
            long done,
            long queued,
            long answered,
            long retrying,
            long regenerating,
            long validated,
            long dead,
            double perSecond) {}

    /** What the run ended with. */
    public record Result(long submitted, RunCounts counts, RunAudit audit, long llmCalls, double elapsedSeconds) {
        public long lost() {
            return submitted - counts.validated() - counts.dead();
        }

        /** Nothing lost, nothing doubled, no retry delivered before its due time. */
        public boolean ok() {
            return lost() == 0 && audit.duplicates() == 0 && audit.retriesEarly() == 0;
        }

        /** The demo's summary; {@code scorer}, {@code threshold} and {@code llm} describe the pipeline it ran on. */
        public Map<String, Object> summary(String scorer, double threshold, String llm) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("submitted", submitted);
            summary.put("validated", counts.validated());
            summary.put("passed_threshold", counts.passed());
            summary.put("dead_lettered", counts.dead());
            summary.put("lost", lost());
            summary.put("duplicates", audit.duplicates());
            summary.put("llm_calls", llmCalls);
            summary.put("retries_overload", audit.retriesOverload());
            summary.put("retries_quota", audit.retriesQuota());
            summary.put("retries_early", audit.retriesEarly());
            summary.put("regenerations", counts.regenerations());
            summary.put("max_attempts_seen", counts.maxAttempt());
            summary.put("mean_score_first_attempt", round(counts.meanFirst()));
            summary.put("mean_score_final", round(counts.meanFinal()));
            summary.put("e2e_latency_ms_p50", counts.p50());
            summary.put("e2e_latency_ms_p95", counts.p95());
            summary.put("elapsed_s", Math.round(elapsedSeconds * 10) / 10.0);
            summary.put("questions_per_s", Math.round(counts.done() / elapsedSeconds * 10) / 10.0);
            summary.put("scorer", scorer);
            summary.put("threshold", threshold);
            summary.put("llm", llm);
            return summary;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    private final KafkaClients clients;
    private final DataSource db;
    private final MeterRegistry meters;
    private final Clock clock;

    public DemoRun(KafkaClients clients, DataSource db, MeterRegistry meters, Clock clock) {
        this.clients = clients;
        this.db = db;
        this.meters = meters;
        this.clock = clock;
    }

    /** Submits {@code chosen} as run {@code run} and waits (at most {@code timeout}) until every question is done. */
    public Result run(TrafficPlan plan, List<QaPair> chosen, String run, Duration timeout, Consumer<Progress> progress)
            throws Exception {
        long t0 = System.nanoTime();
        AtomicLong submitted = new AtomicLong();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        Thread sender = new Thread(
                () -> {
                    try (KafkaQuestionPublisher publisher =
                            new KafkaQuestionPublisher(clients, "demo-" + run, Duration.ofSeconds(30))) {
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

        RunCounts c = RunCounts.read(db, run);
        long deadline = t0 + timeout.toNanos();
        while ((sender.isAlive() || c.done() < submitted.get())
                && System.nanoTime() < deadline
                && sendFailure.get() == null) {
            LockSupport.parkNanos(500_000_000L);
            c = RunCounts.read(db, run);
            Live live = Live.of(meters);
            long retrying = live.retrying();
            long queued = Math.max(0, submitted.get() - c.done() - c.regenerating() - retrying);
            double secs = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
            progress.accept(new Progress(
                    c.done(),
                    queued,
                    live.answered(),
                    retrying,
                    c.regenerating(),
                    c.validated(),
                    c.dead(),
                    c.done() / secs));
        }
        sender.join();
        if (sendFailure.get() != null) {
            throw new IllegalStateException(
                    "submitting questions failed after " + submitted.get() + ": " + sendFailure.get(),
                    sendFailure.get());
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        RunAudit audit = RunAudit.read(clients, run);
        return new Result(submitted.get(), c, audit, Live.of(meters).calls(), elapsed);
    }

    /** In-process counters of this run's services: LLM calls and answers from the workers, retries waiting in the schedulers. */
    private record Live(long calls, long answered, long retrying) {
        static Live of(MeterRegistry meters) {
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
}
