package dev.sluice.cli.report;

import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.Table;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.report.SyncAsyncExperiment.Step;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The sync-vs-async section: the table of every step, two charts with their CSVs, pros and cons, the answer. */
final class SyncAsyncReport {
    private SyncAsyncReport() {}

    static Section section(
            SyncAsyncExperiment experiment,
            ExperimentContext context,
            StorageData data,
            List<Step> steps,
            SimulatorSettings llm,
            String llmName,
            Duration checkpoint,
            ScoringJobSettings scoring,
            Duration stepLength,
            Duration syncDeadline)
            throws IOException {
        List<Path> files = new ArrayList<>();
        Table all = new Table(
                "mode",
                "offered/s",
                "sent",
                "acknowledged",
                "failed or timed out",
                "ack p50 ms",
                "ack p95 ms",
                "ack p99 ms",
                "answered",
                "answer p50 ms",
                "answer p95 ms",
                "answer p99 ms",
                "answers stored/s (steady)",
                "last answer after s",
                "unanswered at the end",
                "LLM calls",
                "LLM calls per answer");
        for (Step s : steps) {
            all.add(
                    s.mode(),
                    f0(s.offered()),
                    s.sent(),
                    s.acked(),
                    s.failed(),
                    f0(s.ackP50()),
                    f0(s.ackP95()),
                    f0(s.ackP99()),
                    s.answered(),
                    f0(s.answerP50()),
                    f0(s.answerP95()),
                    f0(s.answerP99()),
                    f1(s.answersPerSecond()),
                    f1(s.lastAnswerSeconds()),
                    s.unanswered(),
                    s.llmCalls(),
                    perAnswer(s));
        }
        files.add(all.writeCsv(context.file("sync-async-steps.csv")));

        Table latency = new Table("mode", "offered/s", "ack p50 ms", "answer p50 ms", "answer p95 ms", "answer p99 ms");
        Table throughput = new Table("mode", "offered/s", "answers stored/s", "failed or timed out", "LLM calls");
        for (Step s : steps) {
            latency.add(
                    s.mode(), f0(s.offered()), f0(s.ackP50()), f0(s.answerP50()), f0(s.answerP95()), f0(s.answerP99()));
            throughput.add(s.mode(), f0(s.offered()), f1(s.answersPerSecond()), s.failed(), s.llmCalls());
        }
        files.add(latency.writeCsv(context.file("sync-async-latency.csv")));
        files.add(throughput.writeCsv(context.file("sync-async-throughput.csv")));
        files.add(latencyChart(steps, context.file("sync-async-latency.png")));
        files.add(throughputChart(steps, context.file("sync-async-throughput.png")));

        Step syncLow = first(steps, "sync");
        Step pipeLow = first(steps, "pipeline");
        Step syncHigh = last(steps, "sync");
        Step pipeHigh = last(steps, "pipeline");
        Table pros = new Table("", "synchronous calls", "the pipeline (Kafka + Flink)");
        pros.add(
                "time to acknowledgement, p50 at " + f0(pipeLow.offered()) + "/s",
                ms(syncLow.ackP50()) + " (the whole answer)",
                ms(pipeLow.ackP50()) + " (a 202: queued)");
        pros.add(
                "time to the final answer, p50 at " + f0(pipeLow.offered()) + "/s",
                ms(syncLow.answerP50()),
                ms(pipeLow.answerP50()) + " (checkpoint every " + checkpoint.toMillis() + " ms)");
        pros.add(
                "time to the final answer, p95 at " + f0(pipeHigh.offered()) + "/s",
                ms(syncHigh.answerP95()),
                ms(pipeHigh.answerP95()));
        pros.add(
                "answers stored per second (steady) at " + f0(pipeHigh.offered()) + "/s offered",
                f1(syncHigh.answersPerSecond()),
                f1(pipeHigh.answersPerSecond()));
        pros.add(
                "requests failed or timed out at " + f0(pipeHigh.offered()) + "/s",
                syncHigh.failed() + " of " + syncHigh.sent(),
                pipeHigh.failed() + " of " + pipeHigh.sent() + " (" + pipeHigh.unanswered()
                        + " still in the pipeline when the step's wait ended)");
        pros.add(
                "what a caller holds while the LLM is slow",
                "an HTTP connection and a server thread, retries included",
                "nothing: it polls, or is told");
        pros.add(
                "what a crash loses",
                "every request in flight (no record of it)",
                "nothing accepted: Kafka holds it, the job resumes from its checkpoint");
        pros.add(
                "moving parts",
                "one service, the database, the LLM",
                "gateway, Kafka, 2 delay schedulers, workers, a Flink job, storage, the database, the LLM");
        files.add(pros.writeCsv(context.file("sync-async-pros-cons.csv")));

        String md = String.format(
                Locale.ROOT,
                """
                The question: what moving from synchronous LLM calls to the Kafka pipeline gains and costs, in \
                the latency a user perceives and in overall throughput.

                **Set-up.** Both modes answer the same questions (%s; every arrival gets a fresh id, so nothing \
                is answered from storage or the cache) on the **LLM simulator** with the same settings, one \
                instance per mode: latency median %d ms, p95 %d ms; at most %d calls at once (503 above); a \
                quota of %.0f calls/s (burst %d; 429 `insufficient_quota` with Retry-After); %.0f%% empty \
                answers; default quality model. Scorer token F1, threshold %.2f, at most %d attempts, the same \
                regeneration rule and the same retry policy (overload backoff %d ms doubling to %d s, full jitter) \
                in both. Offered rates %s questions/s, Poisson, open loop, %d s each, from the load generator \
                over HTTP. **Sync**: one request calls the LLM (%d calls at once at most), retries in-line, \
                scores, stores, answers 200; it gives up with 504 when its next retry would end after %d s. \
                **Pipeline**: the gateway answers 202 once the question is in Kafka; %d workers (%d calls each), \
                the Flink job with checkpoints every %d ms (its exactly-once output becomes visible only then) \
                and storage; a question counts as answered when its row is in PostgreSQL, checked every %d ms \
                as a polling client would. Answers stored per second count the answers completed in the second                 half of each step (the steady state); the pipeline's drain after the step is shown as the time to                 its last answer. LLM: %s.
                """,
                data.description(),
                llm.latency().median().toMillis(),
                llm.latency().p95().toMillis(),
                llm.capacity(),
                llm.quotaPerSecond(),
                llm.quotaBurst(),
                llm.emptyRate() * 100,
                scoring.threshold(),
                scoring.maxAttempts(),
                200,
                30,
                String.join(
                        ", ",
                        steps.stream()
                                .filter(s -> s.mode().equals("sync"))
                                .map(s -> f0(s.offered()))
                                .toList()),
                stepLength.toSeconds(),
                SyncAsyncExperiment.WORKERS * SyncAsyncExperiment.IN_FLIGHT_PER_WORKER,
                syncDeadline.toSeconds(),
                SyncAsyncExperiment.WORKERS,
                SyncAsyncExperiment.IN_FLIGHT_PER_WORKER,
                checkpoint.toMillis(),
                SyncAsyncExperiment.POLL_MS,
                llmName);
        StringBuilder out = new StringBuilder(md.strip())
                .append(' ')
                .append(SyncAsyncExperiment.PINNED_NOTE)
                .append("\n");
        out.append("\n").append(all.markdown()).append("\n");
        out.append("![Latency against offered rate](sync-async-latency.png)\n\n");
        out.append("![Throughput against offered rate](sync-async-throughput.png)\n\n");
        out.append("**Pros and cons, from the numbers above.**\n\n")
                .append(pros.markdown())
                .append("\n");
        out.append(answer(syncLow, pipeLow, syncHigh, pipeHigh, checkpoint)).append("\n");

        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("sync_ack_p50_ms_low", syncLow.ackP50());
        numbers.put("pipeline_ack_p50_ms_low", pipeLow.ackP50());
        numbers.put("sync_answer_p50_ms_low", syncLow.answerP50());
        numbers.put("pipeline_answer_p50_ms_low", pipeLow.answerP50());
        numbers.put("sync_answers_per_s_high", syncHigh.answersPerSecond());
        numbers.put("pipeline_answers_per_s_high", pipeHigh.answersPerSecond());
        numbers.put("sync_failed_high", syncHigh.failed());
        numbers.put("pipeline_failed_high", pipeHigh.failed());
        numbers.put("sync_answers_per_s_peak", peak(steps, "sync"));
        numbers.put("pipeline_answers_per_s_peak", peak(steps, "pipeline"));
        return new Section(experiment.id(), experiment.title(), out.toString(), files, numbers);
    }

    private static String answer(Step syncLow, Step pipeLow, Step syncHigh, Step pipeHigh, Duration checkpoint) {
        StringBuilder a = new StringBuilder("**Answer.** ");
        a.append(String.format(
                Locale.ROOT,
                "The pipeline acknowledges at once whatever the load (p50 %s at %s/s, %s at %s/s), where a"
                        + " synchronous caller waits for the LLM, its retries and the scoring (p50 %s and %s). ",
                ms(pipeLow.ackP50()),
                f0(pipeLow.offered()),
                ms(pipeHigh.ackP50()),
                f0(pipeHigh.offered()),
                ms(syncLow.ackP50()),
                ms(syncHigh.ackP50())));
        double lowRatio = pipeLow.answerP50() / syncLow.answerP50();
        if (lowRatio > 1.2) {
            a.append(String.format(
                    Locale.ROOT,
                    "But an acknowledgement is not an answer, and at low load the pipeline is the *slower* way to"
                            + " one: p50 %s against %s synchronously at %s/s (%.1f times). Its exactly-once output"
                            + " becomes visible only at the Flink checkpoint that commits it (every %d ms), a"
                            + " regenerated question waits for one checkpoint per attempt (%s LLM calls per answer"
                            + " here), and there are Kafka hops and the client's polling; that floor is the price of"
                            + " exactly-once and does not go away when the system is idle. ",
                    ms(pipeLow.answerP50()),
                    ms(syncLow.answerP50()),
                    f0(pipeLow.offered()),
                    lowRatio,
                    checkpoint.toMillis(),
                    perAnswer(pipeLow)));
        } else {
            a.append(String.format(
                    Locale.ROOT,
                    "At low load the pipeline's final answers came about as fast as the synchronous ones (p50 %s"
                            + " against %s at %s/s). ",
                    ms(pipeLow.answerP50()),
                    ms(syncLow.answerP50()),
                    f0(pipeLow.offered())));
        }
        double highRatio = pipeHigh.answersPerSecond() / syncHigh.answersPerSecond();
        String throughput = highRatio >= 1.1 ? "more than" : highRatio <= 0.9 ? "fewer than" : "about as many as";
        a.append(String.format(
                Locale.ROOT,
                "Under overload (%s/s offered) the pipeline stored %s answers per second in the steady state, %s"
                        + " the synchronous mode's %s. The synchronous mode refused the rest: %d of %d requests failed"
                        + " or timed out, each caller held a connection and a server thread while it backed off"
                        + " in-line, and it spent %s LLM calls per answer against the pipeline's %s. The pipeline"
                        + " failed %d, kept everything it accepted and finished it later (its last answer %s s after"
                        + " the step began, %d still queued when the wait ended, p95 %s): the queue, not the caller,"
                        + " absorbs the LLM's limits. ",
                f0(pipeHigh.offered()),
                f1(pipeHigh.answersPerSecond()),
                throughput,
                f1(syncHigh.answersPerSecond()),
                syncHigh.failed(),
                syncHigh.sent(),
                perAnswer(syncHigh),
                perAnswer(pipeHigh),
                pipeHigh.failed(),
                f1(pipeHigh.lastAnswerSeconds()),
                pipeHigh.unanswered(),
                ms(pipeHigh.answerP95())));
        a.append("Throughput is bounded by the LLM's concurrency limit and quota in both modes; the pipeline's gain"
                + " is that callers do not hold the line, overload turns into delay instead of errors, and nothing"
                + " accepted is lost on a crash; its cost is a latency floor at low load, a polling or notification"
                + " step for the client, and many more moving parts. Caveats: one run on a 2-core machine, with the"
                + " pipeline and the experiment's own load generator in the same JVM; a simulated LLM, not a real"
                + " provider.\n");
        return a.toString();
    }

    private static String perAnswer(Step s) {
        return s.answered() == 0 ? "-" : f1((double) s.llmCalls() / s.answered());
    }

    private static Path latencyChart(List<Step> steps, Path png) throws IOException {
        XYChart chart = chart("Latency against offered rate", "time (ms, log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        series(chart, steps, "sync: answer p50 (= ack)", "sync", Step::answerP50, new Color(200, 80, 40));
        series(chart, steps, "sync: answer p95", "sync", Step::answerP95, new Color(240, 160, 120));
        series(chart, steps, "pipeline: ack p50", "pipeline", Step::ackP50, new Color(40, 90, 200));
        series(chart, steps, "pipeline: answer p50", "pipeline", Step::answerP50, new Color(30, 150, 90));
        series(chart, steps, "pipeline: answer p95", "pipeline", Step::answerP95, new Color(130, 200, 160));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    private static Path throughputChart(List<Step> steps, Path png) throws IOException {
        XYChart chart =
                chart("Throughput against offered rate", "answers stored per second (second half of each step)");
        series(chart, steps, "sync", "sync", Step::answersPerSecond, new Color(200, 80, 40));
        series(chart, steps, "pipeline", "pipeline", Step::answersPerSecond, new Color(30, 150, 90));
        series(chart, steps, "offered", "sync", Step::offered, Color.GRAY);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(720)
                .height(440)
                .title(title)
                .xAxisTitle("offered questions per second")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static void series(
            XYChart chart,
            List<Step> steps,
            String name,
            String mode,
            java.util.function.ToDoubleFunction<Step> y,
            Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Step s : steps) {
            double v = y.applyAsDouble(s);
            if (s.mode().equals(mode) && Double.isFinite(v) && v > 0) {
                xs.add(s.offered());
                ys.add(v);
            }
        }
        if (!xs.isEmpty()) {
            org.knowm.xchart.XYSeries series = chart.addSeries(name, xs, ys);
            series.setLineColor(color);
            series.setMarkerColor(color);
        }
    }

    private static double peak(List<Step> steps, String mode) {
        return steps.stream()
                .filter(s -> s.mode().equals(mode))
                .mapToDouble(Step::answersPerSecond)
                .max()
                .orElse(Double.NaN);
    }

    private static Step first(List<Step> steps, String mode) {
        return steps.stream().filter(s -> s.mode().equals(mode)).findFirst().orElseThrow();
    }

    private static Step last(List<Step> steps, String mode) {
        return steps.stream()
                .filter(s -> s.mode().equals(mode))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : v >= 10_000 ? f1(v / 1000) + " s" : f0(v) + " ms";
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
