package dev.sluice.cli.report;

import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.Table;
import dev.sluice.answers.analysis.timeline.QuestionTrace;
import dev.sluice.answers.analysis.timeline.Stage;
import dev.sluice.answers.analysis.timeline.StageSummary;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.report.TimeBreakdownExperiment.LoadRun;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The time-breakdown section: a table per load, the stacked bars and their CSV, and the answer. */
final class TimeBreakdownReport {
    static final String CHART = "time-breakdown.png";
    static final String CHART_CSV = "time-breakdown.csv";

    private TimeBreakdownReport() {}

    static Section section(
            TimeBreakdownExperiment experiment,
            ExperimentContext context,
            StorageData data,
            List<LoadRun> loads,
            SimulatorSettings llm,
            String llmName,
            Duration checkpoint)
            throws IOException {
        List<Path> files = new ArrayList<>();
        Table means = new Table("load", "stage", "mean_ms");
        for (LoadRun l : loads) {
            for (Stage s : Stage.values()) {
                means.add(l.name(), s.label(), l.summary().of(s).mean());
            }
        }
        files.add(means.writeCsv(context.file(CHART_CSV)));
        files.add(chart(loads, context.file(CHART)));

        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "Every question's end-to-end time, from the client's `POST /api/questions` to its row in"
                        + " `answers.questions`, split into stages, on the whole embedded pipeline (gateway, %d LLM"
                        + " workers with %d calls in flight each, the delay schedulers, the Flink scoring job with the"
                        + " token-F1 scorer and a %d ms checkpoint interval, storage), driven over HTTP by the load"
                        + " generator (Poisson arrivals, every arrival a new question) with questions from %s. The LLM is"
                        + " %s: median latency %d ms, p95 %d ms, %d calls at once (503 beyond), a quota of %.0f calls/s"
                        + " (burst %d, 429 `insufficient_quota` with Retry-After beyond), 2%% empty answers. Low load is"
                        + " %.0f%% of that quota, high load %.0f%%.%s\n\n",
                TimeBreakdownExperiment.WORKERS,
                TimeBreakdownExperiment.IN_FLIGHT_PER_WORKER,
                checkpoint.toMillis(),
                data.description(),
                llmName,
                llm.latency().median().toMillis(),
                llm.latency().p95().toMillis(),
                llm.capacity(),
                llm.quotaPerSecond(),
                llm.quotaBurst(),
                TimeBreakdownExperiment.LOW * 100,
                TimeBreakdownExperiment.HIGH * 100,
                SyncAsyncExperiment.PINNED_NOTE,
                context.quick() ? " Quick run: a few seconds of traffic per load, so few samples." : ""));
        md.append(how());
        Table overview = new Table(
                "load",
                "offered/s",
                "sent",
                "stored",
                "split",
                "dead-lettered",
                "unfinished",
                "LLM calls",
                "503 overload",
                "429 quota",
                "retries per question",
                "answers per question",
                "end-to-end mean ms",
                "p50 ms",
                "p95 ms");
        for (LoadRun l : loads) {
            List<QuestionTrace> split = complete(l);
            overview.add(
                    l.name(),
                    l.rate(),
                    l.sent(),
                    l.splits().size(),
                    l.summary().questions(),
                    l.deadLettered(),
                    l.unfinished(),
                    l.llm().requests(),
                    l.llm().overloaded(),
                    l.llm().quotaRejected(),
                    split.stream().mapToLong(QuestionTrace::retries).average().orElse(Double.NaN),
                    split.stream().mapToLong(QuestionTrace::answers).average().orElse(Double.NaN),
                    l.summary().endToEnd().mean(),
                    l.summary().endToEnd().p50(),
                    l.summary().endToEnd().p95());
        }
        md.append(overview.markdown()).append('\n');
        for (LoadRun l : loads) {
            md.append(String.format(
                    Locale.ROOT,
                    "**%s load** (%.1f questions/s for %d s; %d questions split):\n\n",
                    l.name(),
                    l.rate(),
                    l.length().toSeconds(),
                    l.summary().questions()));
            md.append(stageTable(l.summary()).markdown()).append('\n');
        }
        md.append("![Mean time per stage at low and high load](" + CHART + ")\n\n");
        md.append("The bars' numbers are in [" + CHART_CSV + "](" + CHART_CSV + ").\n\n");
        md.append(answer(loads, checkpoint)).append('\n');

        Map<String, Object> numbers = new LinkedHashMap<>();
        for (LoadRun l : loads) {
            numbers.put(
                    l.name() + "_end_to_end_mean_ms",
                    round(l.summary().endToEnd().mean()));
            for (Stage s : Stage.values()) {
                numbers.put(
                        l.name() + "_" + s.name().toLowerCase(Locale.ROOT) + "_mean_ms",
                        round(l.summary().of(s).mean()));
            }
        }
        return new Section(experiment.id(), experiment.title(), md.toString(), files, numbers);
    }

    static Table stageTable(StageSummary s) {
        Table t = new Table("stage", "mean ms", "p50 ms", "p95 ms", "share of mean end-to-end");
        for (Stage stage : Stage.values()) {
            StageSummary.Stats x = s.of(stage);
            t.add(stage.label(), x.mean(), x.p50(), x.p95(), percent(x.share()));
        }
        t.add(
                "end-to-end",
                s.endToEnd().mean(),
                s.endToEnd().p50(),
                s.endToEnd().p95(),
                "100%");
        return t;
    }

    private static String how() {
        return "How each stage is measured. All times are on this one machine's clock, so there is no skew"
                + " between parts; \"visible\" means the moment a `read_committed` reader watching the topic"
                + " (no consumer group, 5 ms fetch wait) first got the record, which for a transactional writer is"
                + " when its transaction committed. A question that loops (retries, regenerations) crosses some"
                + " stages several times: each stage is the sum over all its passes, per question.\n\n"
                + "| stage | from | to |\n|---|---|---|\n"
                + "| gateway | the client sends the POST | the question in Kafka: the 202 at the client (sent once the broker acknowledged the record) or the task visible on `questions.pending`, whichever came first (claim in PostgreSQL, publish, reply) |\n"
                + "| queue wait | a task visible on `questions.pending` | the worker starts the LLM call (`sluice.llm.call-started-at`); includes the worker's poll and waiting for one of its call slots; for a task deferred without a call, until it was deferred |\n"
                + "| LLM call | the call starts | it returns (`sluice.llm.call-ms`): successful and failed calls |\n"
                + "| worker commit | a successful call returns | the answer visible on `answers.generated`: the rest of the worker's batch and its transaction |\n"
                + "| retry waits | a failed call returns (or the deferral) | the retried task visible on `questions.pending` again: the retry record's commit, the delay, the scheduler's forwarding transaction |\n"
                + "| scoring | the answer visible | the attempt scored (`scoredAt`, the Flink decider's clock): the job's Kafka source, the 20 ms scoring batch, the scorer |\n"
                + "| checkpoint wait | scored | the final answer visible on `answers.validated`, or the regeneration task on `questions.pending`: the exactly-once sink's transaction commits when the checkpoint completes |\n"
                + "| storage | the final answer visible | the row seen in `answers.questions` (polled every "
                + TimeBreakdownExperiment.DB_POLL_MS + " ms, midpoint taken: within ±"
                + TimeBreakdownExperiment.DB_POLL_MS / 2 + " ms) |\n\n"
                + "The stages join event to event, so per question they add up to the end-to-end time exactly; what"
                + " can go wrong is an event out of order (a negative stage: the watch saw a record late) or"
                + " missing (the question is not split), and both are counted. `split` is the number of stored"
                + " questions whose records were all found; the answered attempts found in Kafka are checked"
                + " against the attempt rows in PostgreSQL. Approximate: the watch's own delay (a few ms, more on"
                + " a busy CPU) moves time from the stage before a record's visibility to the one after it; the"
                + " one-poll resolution of storage.\n\n";
    }

    private static String answer(List<LoadRun> loads, Duration checkpoint) {
        StringBuilder a = new StringBuilder("**Where the time goes.** ");
        for (LoadRun l : loads) {
            StageSummary s = l.summary();
            List<Stage> ranked = new ArrayList<>(List.of(Stage.values()));
            ranked.sort(Comparator.comparingDouble((Stage x) -> s.of(x).mean()).reversed());
            Stage top = ranked.get(0);
            Stage second = ranked.get(1);
            a.append(String.format(
                    Locale.ROOT,
                    "At %s load (%.0f questions/s) a question took %.0f ms on average (p95 %.0f ms); %s"
                            + " was the largest part, %.0f ms (%s), then %s, %.0f ms (%s). ",
                    l.name(),
                    l.rate(),
                    s.endToEnd().mean(),
                    s.endToEnd().p95(),
                    top.label(),
                    s.of(top).mean(),
                    percent(s.of(top).share()),
                    second.label(),
                    s.of(second).mean(),
                    percent(s.of(second).share())));
        }
        LoadRun low = loads.get(0);
        LoadRun high = loads.get(loads.size() - 1);
        a.append(String.format(
                Locale.ROOT,
                "The checkpoint wait is the price of exactly-once: the scoring job's output is visible only when"
                        + " the checkpoint after it completes, and a question waits for one per scored attempt (%.2f"
                        + " attempts per question at low load, %.2f at high). Per attempt that was %.0f ms at low load"
                        + " and %.0f ms at high, against a %d ms `flink.checkpoint-interval`: half an interval on"
                        + " average if records arrived evenly, plus the time the checkpoint itself takes and the"
                        + " commit. At low load it is %s of the time, so that interval is the one setting that"
                        + " moves an idle pipeline's latency (shorter: more checkpoints and transactions per"
                        + " second). ",
                answersPerQuestion(low),
                answersPerQuestion(high),
                low.summary().of(Stage.CHECKPOINT).mean() / answersPerQuestion(low),
                high.summary().of(Stage.CHECKPOINT).mean() / answersPerQuestion(high),
                checkpoint.toMillis(),
                percent(low.summary().of(Stage.CHECKPOINT).share())));
        a.append(String.format(
                Locale.ROOT,
                "Under the high load the LLM side takes over: queue wait goes from %.0f to %.0f ms (tasks wait in"
                        + " Kafka and for the workers' call slots, which the adaptive limiter narrows after the"
                        + " simulator's refusals: %d at its concurrency limit, %d over its quota), worker commit from"
                        + " %.0f to %.0f ms (an answer is committed with its whole batch, so a fast call waits for"
                        + " the slowest one polled with it) and retry waits from %.0f to %.0f ms; gateway took"
                        + " %.0f ms, scoring %.0f ms and storage %.0f ms. ",
                low.summary().of(Stage.QUEUE).mean(),
                high.summary().of(Stage.QUEUE).mean(),
                high.llm().overloaded(),
                high.llm().quotaRejected(),
                low.summary().of(Stage.WORKER_COMMIT).mean(),
                high.summary().of(Stage.WORKER_COMMIT).mean(),
                low.summary().of(Stage.RETRY).mean(),
                high.summary().of(Stage.RETRY).mean(),
                high.summary().of(Stage.GATEWAY).mean(),
                high.summary().of(Stage.SCORING).mean(),
                high.summary().of(Stage.STORAGE).mean()));
        long unfinished = loads.stream().mapToLong(LoadRun::unfinished).sum();
        if (unfinished > 0) {
            a.append(String.format(
                    Locale.ROOT,
                    "%d question(s) were still not stored when the run stopped waiting (still retrying: the"
                            + " log names each with its records); they are not in the tables, so the tail at"
                            + " high load is longer than its p95 says. ",
                    unfinished));
        }
        long negatives =
                loads.stream().mapToLong(l -> l.summary().negativeValues()).sum();
        long mismatches = loads.stream().mapToLong(LoadRun::attemptMismatches).sum();
        a.append(String.format(
                Locale.ROOT,
                "Checks: %d stage value(s) came out negative (a record seen late by the watch) and %d"
                        + " question(s) had a different number of answered attempts in Kafka than in PostgreSQL.",
                negatives,
                mismatches));
        return a.append('\n').toString();
    }

    private static double answersPerQuestion(LoadRun l) {
        return complete(l).stream().mapToLong(QuestionTrace::answers).average().orElse(Double.NaN);
    }

    private static List<QuestionTrace> complete(LoadRun l) {
        return l.traces().stream()
                .filter(t -> t.storedAt() >= 0 && t.stages().complete())
                .toList();
    }

    static Path chart(List<LoadRun> loads, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(500)
                .title("Where the time goes: mean ms per stage")
                .xAxisTitle("load")
                .yAxisTitle("ms (mean per question)")
                .build();
        chart.getStyler()
                .setStacked(true)
                .setLegendPosition(Styler.LegendPosition.OutsideE)
                .setChartBackgroundColor(Color.WHITE);
        List<String> names = loads.stream()
                .map(l -> String.format(Locale.ROOT, "%s (%.0f/s)", l.name(), l.rate()))
                .toList();
        for (Stage s : Stage.values()) {
            List<Double> v = loads.stream()
                    .map(l -> {
                        double m = l.summary().of(s).mean();
                        return Double.isNaN(m) ? 0.0 : m;
                    })
                    .toList();
            chart.addSeries(s.label(), names, v);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10) / 10.0;
    }
}
