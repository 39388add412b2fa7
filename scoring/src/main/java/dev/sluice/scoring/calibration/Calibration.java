package dev.sluice.scoring.calibration;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code sluice score calibrate}: what a threshold would do to a set of scores. For each candidate
 * threshold it reports the pass rate and the expected extra LLM calls per question, and it draws the
 * score histogram with the chosen threshold marked, so the default threshold is argued from data.
 *
 * <p>Expected extra calls assume every attempt of a question passes independently with the same
 * probability p (the pass rate): with at most N attempts a question makes
 * {@code sum_{k=1..N-1} (1-p)^k} regenerations on average. Real regenerations of a hard question
 * are correlated, so this is a lower bound on the cost, good for comparing thresholds.
 */
public final class Calibration {

    /** One line of the table. */
    public record Row(double threshold, double passRate, double expectedExtraCalls) {}

    private Calibration() {}

    /** Thresholds 0.30, 0.35, ..., 0.90: the range where a cosine-based composite makes decisions. */
    public static double[] defaultThresholds() {
        double[] t = new double[13];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.round((0.30 + 0.05 * i) * 100) / 100.0;
        }
        return t;
    }

    public static List<Row> table(double[] scores, double[] thresholds, int maxAttempts) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no scores to calibrate on");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        List<Row> rows = new ArrayList<>();
        for (double t : thresholds) {
            int pass = 0;
            for (double s : scores) {
                pass += s >= t ? 1 : 0;
            }
            double p = (double) pass / scores.length;
            double extra = 0;
            for (int k = 1; k < maxAttempts; k++) {
                extra += Math.pow(1 - p, k);
            }
            rows.add(new Row(t, p, extra));
        }
        return rows;
    }

    public static String toMarkdown(List<Row> rows, int maxAttempts, int n) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%d scores, at most %d attempts per question.%n%n| threshold | pass rate | expected extra LLM calls per question |%n|---:|---:|---:|%n",
                n,
                maxAttempts));
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %.2f | %.1f%% | %.2f |%n",
                    r.threshold(),
                    100 * r.passRate(),
                    r.expectedExtraCalls()));
        }
        return sb.toString();
    }

    /**
     * Reads the {@code scoreColumn} of a scored pairs file (the output of {@code sluice score pairs}),
     * writes {@code histogram.png} and {@code calibration.md} into {@code outDir} and prints the table.
     *
     * @return 0 on success, 2 when the file or column cannot be read
     */
    public static int run(
            Path scoredPairs, String scoreColumn, double threshold, int maxAttempts, Path outDir, PrintStream log) {
        try {
            double[] scores = readColumn(scoredPairs, scoreColumn);
            List<Row> rows = table(scores, defaultThresholds(), maxAttempts);
            String md = toMarkdown(rows, maxAttempts, scores.length);
            Files.createDirectories(outDir);
            Histogram.write(scores, threshold, scoreColumn, outDir.resolve("histogram.png"));
            Files.writeString(outDir.resolve("calibration.md"), md, StandardCharsets.UTF_8);
            log.println(md);
            log.println("histogram and table written to " + outDir);
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            log.println("cannot calibrate on " + scoredPairs + ": " + e.getMessage());
            return 2;
        }
    }

    static double[] readColumn(Path file, String column) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        CSVFormat format = name.endsWith(".tsv") || name.endsWith(".tab") ? CSVFormat.TDF : CSVFormat.RFC4180;
        List<Double> values = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = format.builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(r)) {
            if (!p.getHeaderNames().contains(column)) {
                throw new IllegalArgumentException("no column '" + column + "'; columns are " + p.getHeaderNames());
            }
            for (CSVRecord rec : p) {
                try {
                    values.add(Double.parseDouble(rec.get(column)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "line " + p.getCurrentLineNumber() + ": '" + rec.get(column) + "' in column " + column
                                    + " is not a number",
                            e);
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
