package dev.sluice.cli.chaos;

import dev.sluice.platform.report.MarkdownSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A chaos run as a Markdown section (per fault type and per injection) and a throughput plot with the faults marked. */
final class ChaosReport {
    private ChaosReport() {}

    /** Per fault type: rounds, worst recovery, worst failed-request window, worst repair time. */
    static Map<String, Map<String, Object>> perType(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> types = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> t = types.computeIfAbsent((String) r.get("type"), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rounds", 0);
                m.put("recovery_s_max", 0L);
                m.put("longest_failed_http_ms_max", 0L);
                m.put("repair_s_max", 0.0);
                m.put("not_recovered", 0);
                return m;
            });
            t.merge("rounds", 1, (a, b) -> (Integer) a + (Integer) b);
            long recovery = ((Number) r.get("recovery_s")).longValue();
            if (recovery < 0) {
                t.merge("not_recovered", 1, (a, b) -> (Integer) a + (Integer) b);
            }
            t.merge("recovery_s_max", recovery, (a, b) -> Math.max((Long) a, (Long) b));
            t.merge(
                    "longest_failed_http_ms_max",
                    r.get("longest_failed_http_ms"),
                    (a, b) -> Math.max(((Number) a).longValue(), ((Number) b).longValue()));
            t.merge(
                    "repair_s_max",
                    r.get("repair_s"),
                    (a, b) -> Math.max(((Number) a).doubleValue(), ((Number) b).doubleValue()));
        }
        return types;
    }

    static void write(
            Path markdown,
            String app,
            String command,
            Map<String, Object> summary,
            Map<String, Map<String, Object>> types,
            List<Map<String, Object>> rows,
            List<Map<String, Object>> extraCopies,
            ChaosRun.Result result)
            throws IOException {
        Path dir = markdown.toAbsolutePath().getParent().resolve("reliability");
        Files.createDirectories(dir);
        Path png = dir.resolve(app + "-throughput.png");
        plot(png, app, result);
        StringBuilder md = new StringBuilder();
        md.append("Measured ")
                .append(java.time.LocalDate.now())
                .append(" with `")
                .append(command)
                .append("`:\n\n");
        md.append("| ").append(String.join(" | ", summary.keySet())).append(" |\n|");
        md.append("---|".repeat(summary.size())).append('\n');
        md.append(MarkdownSection.row(summary.values().toArray())).append("\n\n");
        md.append(MarkdownSection.row(
                        "fault",
                        "rounds",
                        "worst recovery (s)",
                        "not recovered",
                        "longest failed HTTP window (ms)",
                        "repair (s)"))
                .append('\n');
        md.append("|---|---|---|---|---|---|\n");
        types.forEach((type, t) -> md.append(MarkdownSection.row(
                        type,
                        t.get("rounds"),
                        t.get("recovery_s_max"),
                        t.get("not_recovered"),
                        t.get("longest_failed_http_ms_max"),
                        String.format("%.1f", ((Number) t.get("repair_s_max")).doubleValue())))
                .append('\n'));
        md.append("\n![")
                .append(app)
                .append(" throughput with faults](reliability/")
                .append(png.getFileName())
                .append(")\n");
        md.append("\n<details><summary>every injection</summary>\n\n");
        md.append(MarkdownSection.row(
                        "at (s)",
                        "fault",
                        "round",
                        "target",
                        "repair (s)",
                        "rate before (/s)",
                        "recovery (s)",
                        "failed HTTP window (ms)"))
                .append("\n|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            md.append(MarkdownSection.row(
                            r.get("at_s"),
                            r.get("type"),
                            r.get("round"),
                            r.get("target"),
                            r.get("repair_s"),
                            r.get("rate_before_per_s"),
                            r.get("recovery_s"),
                            r.get("longest_failed_http_ms")))
                    .append('\n');
        }
        md.append("\n</details>\n");
        if (!extraCopies.isEmpty()) {
            md.append("\nEvery e-mail copy beyond the first, with the fault it is attributed to:\n\n");
            md.append(MarkdownSection.row(extraCopies.get(0).keySet().toArray()))
                    .append("\n|")
                    .append("---|".repeat(extraCopies.get(0).size()))
                    .append('\n');
            for (Map<String, Object> c : extraCopies) {
                // a Message-ID (<...>) would be read as an HTML tag
                Object[] cells = c.values().stream()
                        .map(v -> v instanceof String t && t.startsWith("<") ? "`" + t + "`" : v)
                        .toArray();
                md.append(MarkdownSection.row(cells)).append('\n');
            }
        }
        MarkdownSection.of("chaos-" + app).write(markdown, md.toString());
    }

    private static void plot(Path png, String app, ChaosRun.Result result) throws IOException {
        double[] rate = ChaosRun.rates(result.samples());
        int n = Math.max(1, rate.length);
        double[] x = new double[n];
        double[] y = new double[n];
        double max = 1;
        for (int t = 0; t < rate.length; t++) {
            x[t] = t;
            double sum = 0;
            int k = 0;
            for (int i = Math.max(0, t - 4); i <= t; i++) {
                sum += rate[i];
                k++;
            }
            y[t] = sum / k;
            max = Math.max(max, y[t]);
        }
        XYChart chart = new XYChartBuilder()
                .width(1200)
                .height(460)
                .title(app + ": items completed per second (5 s mean), faults marked")
                .xAxisTitle("seconds since the run began")
                .yAxisTitle(app.equals("answers") ? "questions/s" : "orders/s")
                .build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.addSeries("completed/s", x, y);
        Map<String, double[][]> marks = new LinkedHashMap<>();
        for (ChaosRun.Injection i : result.injections()) {
            double t = i.atMs() / 1000.0;
            double[][] xy = marks.computeIfAbsent(i.type(), k -> new double[2][0]);
            xy[0] = append(xy[0], t, t, Double.NaN);
            xy[1] = append(xy[1], 0, max * 1.1, Double.NaN);
        }
        marks.forEach((type, xy) -> {
            XYSeries s = chart.addSeries(type, xy[0], xy[1]);
            s.setMarker(SeriesMarkers.NONE);
        });
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.err.println("wrote " + png.toAbsolutePath());
    }

    private static double[] append(double[] a, double... more) {
        double[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
