package dev.sluice.answers.analysis.threshold;

import dev.sluice.answers.analysis.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The threshold experiment's charts, each written as PNG with the CSV behind it. */
public final class ThresholdCharts {
    static final int BINS = 20;

    private ThresholdCharts() {}

    /** Share of each kind's scores per bin of width 1/{@value #BINS}, as step lines; the threshold as a vertical line. */
    public static List<Path> distribution(
            Path dir, String name, String title, Map<String, double[]> kinds, double threshold) throws IOException {
        Table csv = new Table("kind", "bin_from", "bin_to", "count", "share");
        XYChart chart = chart(title, "composite score", "share of the kind's pairs");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
        double max = 0;
        for (Map.Entry<String, double[]> k : kinds.entrySet()) {
            int[] counts = new int[BINS];
            for (double s : k.getValue()) {
                counts[Math.min(BINS - 1, (int) Math.floor(Math.max(0, Math.min(1, s)) * BINS))]++;
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int b = 0; b < BINS; b++) {
                double share = (double) counts[b] / k.getValue().length;
                csv.add(k.getKey(), (double) b / BINS, (double) (b + 1) / BINS, counts[b], share);
                xs.add((double) b / BINS);
                ys.add(share);
                xs.add((double) (b + 1) / BINS);
                ys.add(share);
                max = Math.max(max, share);
            }
            line(chart, k.getKey() + " (n=" + k.getValue().length + ")", xs, ys);
        }
        thresholdLine(chart, threshold, max);
        return save(dir, name, chart, csv);
    }

    public static List<Path> roc(Path dir, String name, Map<String, BinaryCurves> curves, double threshold)
            throws IOException {
        Table csv = new Table("comparison", "threshold", "fpr", "tpr");
        XYChart chart = chart(
                "ROC: true continuation vs other questions' answers", "false positive rate", "true positive rate");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        for (Map.Entry<String, BinaryCurves> c : curves.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (BinaryCurves.Point p : c.getValue().points()) {
                csv.add(c.getKey(), p.threshold(), p.fpr(), p.tpr());
                xs.add(p.fpr());
                ys.add(p.tpr());
            }
            line(
                    chart,
                    String.format(
                            Locale.ROOT,
                            "%s (AUC %.3f)",
                            c.getKey(),
                            c.getValue().auc()),
                    xs,
                    ys);
            BinaryCurves.Point at = c.getValue().at(threshold);
            marker(chart, String.format(Locale.ROOT, "%s at %.2f", c.getKey(), threshold), at.fpr(), at.tpr());
        }
        line(chart, "chance", List.of(0.0, 1.0), List.of(0.0, 1.0));
        return save(dir, name, chart, csv);
    }

    public static List<Path> precisionRecall(Path dir, String name, Map<String, BinaryCurves> curves, double threshold)
            throws IOException {
        Table csv = new Table("comparison", "threshold", "recall", "precision");
        XYChart chart = chart("Precision-recall: true continuation vs other questions' answers", "recall", "precision");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        for (Map.Entry<String, BinaryCurves> c : curves.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (BinaryCurves.Point p : c.getValue().points()) {
                if (!Double.isNaN(p.precision())) {
                    csv.add(c.getKey(), p.threshold(), p.tpr(), p.precision());
                    xs.add(p.tpr());
                    ys.add(p.precision());
                }
            }
            line(
                    chart,
                    String.format(
                            Locale.ROOT,
                            "%s (AP %.3f)",
                            c.getKey(),
                            c.getValue().averagePrecision()),
                    xs,
                    ys);
            BinaryCurves.Point at = c.getValue().at(threshold);
            if (!Double.isNaN(at.precision())) {
                marker(
                        chart,
                        String.format(Locale.ROOT, "%s at %.2f", c.getKey(), threshold),
                        at.tpr(),
                        at.precision());
            }
        }
        return save(dir, name, chart, csv);
    }

    /** Pass rate of every kind for thresholds 0.00 to 1.00 by 0.01. */
    public static List<Path> passRates(Path dir, String name, Map<String, double[]> kinds, double threshold)
            throws IOException {
        List<String> columns = new ArrayList<>(List.of("threshold"));
        columns.addAll(kinds.keySet());
        Table csv = new Table(columns.toArray(String[]::new));
        XYChart chart = chart("Pass rate by threshold", "threshold (pass = score >= threshold)", "share passing");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        List<Double> grid = new ArrayList<>();
        for (int t = 0; t <= 100; t++) {
            grid.add(t / 100.0);
        }
        List<List<Double>> rates = new ArrayList<>();
        for (Map.Entry<String, double[]> k : kinds.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (double t : grid) {
                ys.add(BinaryCurves.passRate(k.getValue(), t));
            }
            rates.add(ys);
            line(chart, k.getKey(), grid, ys);
        }
        for (int i = 0; i < grid.size(); i++) {
            Object[] row = new Object[columns.size()];
            row[0] = grid.get(i);
            for (int k = 0; k < rates.size(); k++) {
                row[k + 1] = rates.get(k).get(i);
            }
            csv.add(row);
        }
        thresholdLine(chart, threshold, 1.0);
        return save(dir, name, chart, csv);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle(x)
                .yAxisTitle(y)
                .build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    private static void line(XYChart chart, String name, List<Double> xs, List<Double> ys) {
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static void marker(XYChart chart, String name, double x, double y) {
        XYSeries s = chart.addSeries(name, List.of(x), List.of(y));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.DIAMOND);
    }

    private static void thresholdLine(XYChart chart, double threshold, double top) {
        line(
                chart,
                String.format(Locale.ROOT, "current threshold %.2f", threshold),
                List.of(threshold, threshold),
                List.of(0.0, Math.max(top, 0.01)));
    }

    private static List<Path> save(Path dir, String name, XYChart chart, Table csv) throws IOException {
        Path png = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return List.of(png, csv.writeCsv(dir.resolve(name + ".csv")));
    }
}
