package dev.sluice.answers.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The report of one answers run, from the database only: a Markdown page with the summary table
 * and four charts (PNG, XChart) — score distribution of first attempts and of kept answers with the
 * threshold, end-to-end latency percentiles, results per second over the run, and attempts per
 * question (how much the regeneration loop did).
 */
public final class AnswersReport {
    private AnswersReport() {}

    /** Writes {@code dir/answers-report.md} and its charts; returns the Markdown file. */
    public static Path write(Path dir, DataSource db, String run, Map<String, Object> summary)
            throws IOException, SQLException {
        Files.createDirectories(dir);
        String like = run + "-%";
        List<Double> first;
        List<Double> kept;
        List<Long> latencies;
        Map<Long, Long> perSecond = new TreeMap<>();
        Map<Integer, Long> attempts = new TreeMap<>();
        try (Connection c = db.getConnection()) {
            first = doubles(c, "SELECT score FROM answers.attempts WHERE attempt = 1 AND question_id LIKE ?", like);
            kept = doubles(c, "SELECT score FROM answers.questions WHERE question_id LIKE ?", like);
            latencies = longs(
                    c,
                    "SELECT (extract(epoch FROM validated_at - submitted_at) * 1000)::bigint FROM answers.questions "
                            + "WHERE question_id LIKE ? AND validated_at IS NOT NULL AND submitted_at IS NOT NULL ORDER BY 1",
                    like);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT floor(extract(epoch FROM validated_at - min(validated_at) OVER ()))::bigint s "
                            + "FROM answers.questions WHERE question_id LIKE ? AND validated_at IS NOT NULL")) {
                ps.setString(1, like);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        perSecond.merge(rs.getLong(1), 1L, Long::sum);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT attempts, count(*) FROM answers.questions WHERE question_id LIKE ? GROUP BY attempts")) {
                ps.setString(1, like);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attempts.put(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
        }
        double threshold = summary.get("threshold") instanceof Number n ? n.doubleValue() : Double.NaN;
        scores(first, kept, threshold, dir.resolve("answers-scores.png"));
        latency(latencies, dir.resolve("answers-latency.png"));
        throughput(perSecond, dir.resolve("answers-throughput.png"));
        attemptsChart(attempts, dir.resolve("answers-attempts.png"));

        StringBuilder md = new StringBuilder("# Answers run " + run + "\n\n");
        md.append("| | |\n|---|---|\n");
        summary.forEach(
                (k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Scores\n\nFirst attempts and the answers kept (best of N), against the threshold. ")
                .append(
                        "The gap between the two is what the regeneration loop bought.\n\n![scores](answers-scores.png)\n");
        md.append(
                        "\n## End-to-end latency\n\nSubmitted → result stored, per question (includes retries and regenerations; ")
                .append("the checkpoint interval is its floor).\n\n![latency](answers-latency.png)\n");
        md.append("\n## Results per second\n\n![throughput](answers-throughput.png)\n");
        md.append("\n## Attempts per question\n\n![attempts](answers-attempts.png)\n");
        Path file = dir.resolve("answers-report.md");
        Files.writeString(file, md);
        return file;
    }

    private static void scores(List<Double> first, List<Double> kept, double threshold, Path file) throws IOException {
        int bins = 20;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            labels.add(String.format("%.2f", (i + 0.5) / bins));
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(380)
                .title("Score distribution"
                        + (Double.isNaN(threshold) ? "" : String.format(" (threshold %.2f)", threshold)))
                .xAxisTitle("score (bin centre)")
                .yAxisTitle("questions")
                .build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.addSeries("first attempt", labels, histogram(first, bins));
        chart.addSeries("kept answer", labels, histogram(kept, bins));
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static List<Long> histogram(List<Double> values, int bins) {
        long[] counts = new long[bins];
        for (double v : values) {
            counts[Math.min(bins - 1, Math.max(0, (int) (v * bins)))]++;
        }
        List<Long> out = new ArrayList<>();
        for (long c : counts) {
            out.add(c);
        }
        return out;
    }

    private static void latency(List<Long> sorted, Path file) throws IOException {
        double[] ps = {50, 75, 90, 95, 99, 100};
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (double p : ps) {
            labels.add("p" + (p == Math.floor(p) ? Long.toString((long) p) : Double.toString(p)));
            values.add(
                    sorted.isEmpty()
                            ? 0.0
                            : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1))
                                    / 1000.0);
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(380)
                .title("End-to-end latency")
                .xAxisTitle("percentile")
                .yAxisTitle("seconds")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("latency", labels, values);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void throughput(Map<Long, Long> perSecond, Path file) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(380)
                .title("Results stored per second")
                .xAxisTitle("seconds since the first result")
                .yAxisTitle("questions/s")
                .build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(0);
        long last = perSecond.isEmpty() ? 0 : ((TreeMap<Long, Long>) perSecond).lastKey();
        double[] x = new double[(int) last + 1];
        double[] y = new double[(int) last + 1];
        for (int i = 0; i <= last; i++) {
            x[i] = i;
            y[i] = perSecond.getOrDefault((long) i, 0L);
        }
        chart.addSeries("results", x.length == 0 ? new double[] {0} : x, y.length == 0 ? new double[] {0} : y);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void attemptsChart(Map<Integer, Long> attempts, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(380)
                .title("LLM attempts per question (scored)")
                .xAxisTitle("attempts")
                .yAxisTitle("questions")
                .build();
        chart.getStyler().setLegendVisible(false);
        List<String> labels = attempts.isEmpty()
                ? List.of("1")
                : attempts.keySet().stream().map(String::valueOf).toList();
        List<Long> values = attempts.isEmpty() ? List.of(0L) : new ArrayList<>(attempts.values());
        chart.addSeries("questions", labels, values);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Double> doubles(Connection c, String sql, String like) throws SQLException {
        List<Double> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getDouble(1));
                }
            }
        }
        return out;
    }

    private static List<Long> longs(Connection c, String sql, String like) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
