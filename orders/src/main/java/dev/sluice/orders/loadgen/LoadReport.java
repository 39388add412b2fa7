package dev.sluice.orders.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a load run's report to a folder: {@code report.md} (summary, percentiles, the command)
 * and four PNG charts (XChart): orders (and e-mails ÷ 4) per second over time, POST latency, time to finalizado,
 * and transition lag per state change.
 */
public final class LoadReport {
    public static final String ORDERS_PER_SECOND = "orders-per-second.png";
    public static final String POST_LATENCY = "post-latency.png";
    public static final String COMPLETION = "time-to-finalizado.png";
    public static final String TRANSITION_LAG = "transition-lag.png";
    public static final String REPORT = "report.md";
    private static final double[] PERCENTILES = {50, 90, 95, 99, 99.9, 100};

    private LoadReport() {}

    public static Path write(Path dir, LoadResult r, String commandLine) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        String title = r.plan().scenario().name().toLowerCase() + ", " + r.dataset();
        ordersPerSecond(r, title, dir.resolve(ORDERS_PER_SECOND));
        percentiles(
                "POST /orders latency (" + title + ")",
                "ms",
                List.of("POST"),
                List.of(r.postLatencyMicros()),
                1000.0,
                dir.resolve(POST_LATENCY));
        percentiles(
                "Time from POST to finalizado (" + title + ", "
                        + 3 * r.stateDelay().toMillis() + " ms of it configured delay)",
                "ms",
                List.of("POST → finalizado"),
                List.of(r.completionMillis()),
                1.0,
                dir.resolve(COMPLETION));
        percentiles(
                "Transition lag: actual minus configured delay (" + title + ")",
                "ms",
                List.of(LoadResult.transition(0), LoadResult.transition(1), LoadResult.transition(2)),
                r.lagByTransition(),
                1.0,
                dir.resolve(TRANSITION_LAG));
        Path report = dir.resolve(REPORT);
        Files.writeString(report, markdown(r, commandLine));
        return report;
    }

    private static String markdown(LoadResult r, String commandLine) {
        StringBuilder md = new StringBuilder();
        md.append("# Orders load: ")
                .append(r.plan().scenario().name().toLowerCase())
                .append(" on ")
                .append(r.dataset())
                .append("\n\n");
        md.append("Command: `").append(commandLine).append("`  \n");
        md.append("Run at ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores; orders posted over HTTP (`POST /orders`, ")
                .append(r.plan().concurrency())
                .append(" concurrent clients), ")
                .append(r.partitions())
                .append(" partitions, ")
                .append(r.stateDelay().toMillis())
                .append(" ms per state.\n\n");
        md.append(
                r.ok()
                        ? "**Result: OK** — every accepted order finalized, 4 e-mails each, nothing lost or doubled.\n\n"
                        : "**Result: FAILED** — see lost, duplicates and errors below.\n\n");
        md.append("| measure | value |\n|---|---:|\n");
        for (Map.Entry<String, Object> e : r.summary().entrySet()) {
            if (e.getValue() != null) {
                md.append("| ")
                        .append(e.getKey())
                        .append(" | ")
                        .append(e.getValue())
                        .append(" |\n");
            }
        }
        md.append("\n| percentile | POST ms | POST → finalizado ms | lag ")
                .append(LoadResult.transition(0))
                .append(" ms | lag ")
                .append(LoadResult.transition(1))
                .append(" ms | lag ")
                .append(LoadResult.transition(2))
                .append(" ms |\n|---|---:|---:|---:|---:|---:|\n");
        for (double p : PERCENTILES) {
            md.append("| ")
                    .append(p == 100 ? "max" : "p" + trim(p))
                    .append(" | ")
                    .append(LoadResult.ms(r.postLatencyMicros(), p))
                    .append(" | ")
                    .append(r.completionMillis().getValueAtPercentile(p));
            for (Histogram h : r.lagByTransition()) {
                md.append(" | ").append(h.getValueAtPercentile(p));
            }
            md.append(" |\n");
        }
        md.append(
                "\nTransition lag is the time between two `orders.status` records of one order minus the configured delay.\n\n");
        md.append("![orders per second](")
                .append(ORDERS_PER_SECOND)
                .append(")\n![POST latency](")
                .append(POST_LATENCY)
                .append(")\n![time to finalizado](")
                .append(COMPLETION)
                .append(")\n![transition lag](")
                .append(TRANSITION_LAG)
                .append(")\n");
        return md.toString();
    }

    private static String trim(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    private static void ordersPerSecond(LoadResult r, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(380)
                .title("Orders per second (" + title + ")")
                .xAxisTitle("seconds since start")
                .yAxisTitle("orders/s")
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        addSeries(chart, "posted", r.sentPerSecond().series());
        addSeries(chart, "accepted (201)", r.acceptedPerSecond().series());
        addSeries(chart, "finalizado", r.finalizedPerSecond().series());
        // Four e-mails per order: divided by 4 they share the orders/s axis, and a lagging notifier shows as a later
        // curve.
        long[] mails = r.emailsPerSecond().series();
        double[] quarter = new double[mails.length];
        for (int i = 0; i < mails.length; i++) {
            quarter[i] = mails[i] / 4.0;
        }
        addSeries(chart, "e-mails sent ÷ 4", quarter);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addSeries(XYChart chart, String name, long[] perSecond) {
        addSeries(
                chart, name, java.util.Arrays.stream(perSecond).asDoubleStream().toArray());
    }

    private static void addSeries(XYChart chart, String name, double[] perSecond) {
        if (perSecond.length == 0) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int s = 0; s < perSecond.length; s++) {
            x.add((double) s);
            y.add(perSecond[s]);
        }
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }

    private static void percentiles(
            String title, String unit, List<String> names, List<Histogram> histograms, double divisor, Path file)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(380)
                .title(title)
                .xAxisTitle("percentile")
                .yAxisTitle(unit)
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setLegendVisible(names.size() > 1);
        List<String> labels = new ArrayList<>();
        for (double p : PERCENTILES) {
            labels.add(p == 100 ? "max" : "p" + trim(p));
        }
        for (int i = 0; i < names.size(); i++) {
            List<Double> values = new ArrayList<>();
            for (double p : PERCENTILES) {
                values.add(histograms.get(i).getValueAtPercentile(p) / divisor);
            }
            chart.addSeries(names.get(i), labels, values);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler styler) {
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        styler.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
    }
}
