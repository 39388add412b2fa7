package dev.sluice.answers.analysis.retry;

import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.RetryExperiment;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.Table;
import dev.sluice.answers.analysis.cache.CacheCharts;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.retry.RetryPolicy;
import dev.sluice.platform.config.Values;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The retry experiment's tables, charts and the paragraph that answers from the numbers. */
public final class RetryReport {
    private RetryReport() {}

    public static Section write(
            ExperimentContext context,
            Path data,
            List<RetryExperiment.Outcome> outcomes,
            RetryPolicy.Settings settings,
            double seconds)
            throws IOException {
        List<Path> files = new ArrayList<>();
        Map<String, Object> numbers = new LinkedHashMap<>();
        Map<String, RetryMetrics> metrics = new LinkedHashMap<>();
        Table table = new Table(
                "schedule",
                "provider shape",
                "strategy",
                "questions",
                "recovered %",
                "dead-lettered %",
                "unfinished %",
                "calls per question",
                "rejected calls",
                "retries per recovered",
                "retry wait mean ms",
                "retry wait p95 ms",
                "completion mean s",
                "completion p95 s",
                "goodput ratio");
        for (RetryExperiment.Outcome o : outcomes) {
            RetryMetrics m = RetryMetrics.of(o.result(), o.scenario().arrivals().toMillis(), ceiling(o));
            String key = o.scenario().id() + "." + shape(o.shape()) + "." + o.strategyKey();
            metrics.put(key, m);
            table.add(
                    o.scenario().title(),
                    shape(o.shape()),
                    o.strategy(),
                    m.questions(),
                    m.recoveredPct(),
                    m.deadLetteredPct(),
                    m.unfinishedPct(),
                    m.callsPerQuestion(),
                    m.rejectedCalls(),
                    m.retriesPerRecovered(),
                    m.waitMeanMillis(),
                    m.waitP95Millis(),
                    m.completionMeanSeconds(),
                    m.completionP95Seconds(),
                    m.goodputRatio());
            numbers.put(key + ".recoveredPct", m.recoveredPct());
            numbers.put(key + ".deadLetteredPct", m.deadLetteredPct());
            numbers.put(key + ".callsPerQuestion", m.callsPerQuestion());
            numbers.put(key + ".rejectedCalls", m.rejectedCalls());
            numbers.put(key + ".completionP95Seconds", m.completionP95Seconds());
            numbers.put(key + ".goodputRatio", m.goodputRatio());
        }
        files.add(table.writeCsv(context.file("retries-strategies.csv")));
        files.addAll(goodputChart(context, outcomes));
        files.addAll(completionChart(context, outcomes));
        numbers.put("seconds", seconds);

        String md = markdown(context, data, outcomes, settings, table, metrics, seconds);
        return new Section("retries", "Retries: overload storms and quota exhaustion", md, files, numbers);
    }

    static String shape(LlmProvider p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    static double ceiling(RetryExperiment.Outcome o) {
        return o.scenario().quotaPerSecond() > 0 ? o.scenario().quotaPerSecond() : arrivalRate();
    }

    static double arrivalRate() {
        return 12;
    }

    private static List<Path> goodputChart(ExperimentContext context, List<RetryExperiment.Outcome> outcomes)
            throws IOException {
        Table csv = new Table("schedule", "provider shape", "strategy", "second", "answers", "rejected calls");
        Map<String, XYChart> charts = new LinkedHashMap<>();
        for (RetryExperiment.Outcome o : outcomes) {
            long last = o.result().calls().stream()
                    .mapToLong(RetryRun.Call::atMillis)
                    .max()
                    .orElse(0);
            int bins = (int) (last / 1000) + 1;
            double[] answers = new double[bins];
            double[] rejected = new double[bins];
            for (RetryRun.Call c : o.result().calls()) {
                int b = (int) (c.atMillis() / 1000);
                if (c.outcome().equals("answer")) {
                    answers[b]++;
                } else if (c.outcome().equals("overload") || c.outcome().equals("quota")) {
                    rejected[b]++;
                }
            }
            double[] x = new double[bins];
            for (int i = 0; i < bins; i++) {
                x[i] = i;
                csv.add(o.scenario().id(), shape(o.shape()), o.strategyKey(), i, (long) answers[i], (long) rejected[i]);
            }
            if (o.shape() != LlmProvider.OPENAI) {
                continue;
            }
            XYChart chart = charts.computeIfAbsent(o.scenario().id(), id -> {
                XYChart c = CacheCharts.xy(
                        o.scenario().title() + " (OpenAI shape): answers per second",
                        "seconds since the first question",
                        "answers / s");
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
                double ceiling = ceiling(o);
                double end = o.scenario().deadline().toSeconds();
                XYSeries line = c.addSeries(
                        o.scenario().quotaPerSecond() > 0 ? "quota" : "arrival rate",
                        new double[] {0, end},
                        new double[] {ceiling, ceiling});
                line.setMarker(SeriesMarkers.NONE).setLineColor(java.awt.Color.GRAY);
                return c;
            });
            chart.addSeries(o.strategy(), x, answers).setMarker(SeriesMarkers.NONE);
        }
        Path png = CacheCharts.grid(new ArrayList<>(charts.values()), 2, context.file("retries-goodput.png"));
        return List.of(png, csv.writeCsv(context.file("retries-goodput.csv")));
    }

    private static List<Path> completionChart(ExperimentContext context, List<RetryExperiment.Outcome> outcomes)
            throws IOException {
        Table csv = new Table("schedule", "provider shape", "strategy", "percentile", "completion s");
        Map<String, XYChart> charts = new LinkedHashMap<>();
        for (RetryExperiment.Outcome o : outcomes) {
            double[] sorted = o.result().questions().stream()
                    .filter(RetryRun.Question::recovered)
                    .mapToDouble(q -> q.completionMillis() / 1000.0)
                    .sorted()
                    .toArray();
            if (sorted.length == 0) {
                csv.add(o.scenario().id(), shape(o.shape()), o.strategyKey(), 100, Double.NaN);
                continue;
            }
            double[] pct = new double[21];
            double[] value = new double[21];
            for (int i = 0; i <= 20; i++) {
                pct[i] = i * 5;
                value[i] = RetryMetrics.percentile(sorted, Math.max(1, pct[i]));
                csv.add(o.scenario().id(), shape(o.shape()), o.strategyKey(), (int) pct[i], value[i]);
            }
            if (o.shape() != LlmProvider.OPENAI) {
                continue;
            }
            XYChart chart = charts.computeIfAbsent(
                    o.scenario().id(),
                    id -> CacheCharts.xy(
                            o.scenario().title() + " (OpenAI shape): completion of answered questions",
                            "completion time, s (arrival to answer)",
                            "% of answered questions done"));
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.addSeries(o.strategy(), value, pct).setMarker(SeriesMarkers.NONE);
        }
        Path png = CacheCharts.grid(new ArrayList<>(charts.values()), 2, context.file("retries-completion.png"));
        return List.of(png, csv.writeCsv(context.file("retries-completion.csv")));
    }

    private static String markdown(
            ExperimentContext context,
            Path data,
            List<RetryExperiment.Outcome> outcomes,
            RetryPolicy.Settings settings,
            Table table,
            Map<String, RetryMetrics> m,
            double seconds) {
        StringBuilder md = new StringBuilder();
        RetryExperiment.Scenario storm = outcomes.get(0).scenario();
        RetryExperiment.Scenario quota = outcomes.get(outcomes.size() - 1).scenario();
        md.append(String.format(
                Locale.ROOT,
                """
                **Question.** When the LLM is overloaded or out of quota, how many questions does each retry \
                strategy bring back, at what cost in calls and waiting, and are today's settings \
                (`answers.retry.overload.base` %s, `.cap` %s, `.max-retries` %d; `answers.retry.quota.window` %s, \
                `.max-retries` %d) the right ones?

                **Set-up.** %d questions per schedule from %s (the question text only matters to the simulator's \
                answer), arriving at %.0f/s. The LLM is the built-in **simulator** (not a real model) over its HTTP \
                API: latency median 150 ms, p95 600 ms, 503 above %d concurrent calls, no fatal or empty answers, \
                seed %d. Each question goes through the real `OpenAiCompatibleClient` and `GeminiClient` (the \
                simulator speaks both wires: OpenAI's 429 `insufficient_quota` with `retry-after-ms`/`Retry-After` \
                headers, Gemini's 429 `RESOURCE_EXHAUSTED` with the delay only in the body's `RetryInfo`) and the \
                real `ErrorClassifier`. Two fault schedules, each run once per strategy and shape on fresh \
                simulators with the same seed:

                - **overload storm**: from %d s for %d s every call is answered 503 or 429 quota \
                (`Retry-After: 1`) in turn, as a region outage looks; no quota otherwise;
                - **quota below demand**: a token bucket of %.0f calls/s (burst %.0f) under %.0f questions/s, \
                every rejection a 429 quota with the time to the next token as its delay.

                **Driver, not the pipeline.** A small in-process driver stands in for the LLM worker \
                (`RetryRun`): at most %d calls at once (the worker's in-flight bound), and a retry's wait is a \
                timer that holds no call slot. The pipeline is non-blocking the same way, but its wait is a Kafka \
                delay tier (`questions.retry.overload[.N]`, `questions.retry.quota`): a delay is rounded up to the \
                tier's granularity and adds a produce/poll hop, and a restart loses no waiting question. The driver \
                leaves out the worker's adaptive limiter and circuit breaker, which in the pipeline slow every call \
                once errors pile up: these numbers are the retry decision alone. Strategies: *no retry*; \
                *immediate* (%d retries); *fixed 1 s* (%d retries); *backoff+jitter, Retry-After ignored* \
                (`RetryPolicy.overloadBackoff` for quota errors too, %d retries); *backoff+jitter, Retry-After \
                exactly (before)*: the policy as it was until this report, a quota error retried at the server's \
                delay exactly, at most 5 times; *backoff+jitter, Retry-After + jitter (today)* = `RetryPolicy.decide` unchanged: \
                the server's delay is the floor of a quota wait and full jitter on the quota retries spent is \
                added after it. Questions not done %d s after the start count as unfinished.

                """,
                Values.format(settings.base()),
                Values.format(settings.cap()),
                settings.maxOverloadRetries(),
                Values.format(settings.quotaWindow()),
                settings.maxQuotaRetries(),
                storm.questions(),
                data.getFileName(),
                12.0,
                6,
                context.seed(),
                storm.stormStart().toSeconds(),
                storm.stormLength().toSeconds(),
                quota.quotaPerSecond(),
                quota.quotaPerSecond(),
                12.0,
                8,
                settings.maxOverloadRetries(),
                settings.maxOverloadRetries(),
                settings.maxOverloadRetries(),
                storm.deadline().toSeconds()));
        md.append(table.markdown()).append('\n');
        md.append("Goodput ratio: answers per second while questions arrived, over the quota (quota schedule) or the "
                + "arrival rate (storm). Rejected calls: 503/429 answers. Retry wait: the delays a question was "
                + "given, summed, over answered and dead-lettered questions. Completion: arrival to answer, "
                + "answered questions only. Full table: `retries-strategies.csv`.\n\n");
        md.append("![answers per second per strategy](retries-goodput.png)\n\n");
        md.append("![completion time per strategy](retries-completion.png)\n\n");
        md.append(RetryVerdict.paragraph(m, settings, seconds)).append('\n');
        return md.toString();
    }
}
