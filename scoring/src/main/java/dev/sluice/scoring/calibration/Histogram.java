package dev.sluice.scoring.calibration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the score distribution as a PNG, with the threshold as a vertical line. */
final class Histogram {

    static final int BINS = 20;

    private Histogram() {}

    /** Counts per bin of width 1/{@value #BINS} over [0, 1]; a score of exactly 1 goes in the last bin. */
    static int[] counts(double[] scores) {
        int[] c = new int[BINS];
        for (double s : scores) {
            int b = (int) Math.floor(Math.min(1.0, Math.max(0.0, s)) * BINS);
            c[Math.min(BINS - 1, b)]++;
        }
        return c;
    }

    static void write(double[] scores, double threshold, String metric, Path png) throws IOException {
        int[] c = counts(scores);
        // Drawn as a step line on an XY chart (not a category chart) so the threshold can sit at its exact x.
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int max = 0;
        for (int b = 0; b < BINS; b++) {
            xs.add((double) b / BINS);
            ys.add((double) c[b]);
            xs.add((double) (b + 1) / BINS);
            ys.add((double) c[b]);
            max = Math.max(max, c[b]);
        }
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(String.format(
                        Locale.ROOT, "%s distribution (n=%d), threshold %.2f", metric, scores.length, threshold))
                .xAxisTitle(metric)
                .yAxisTitle("answers")
                .build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
        XYSeries hist = chart.addSeries("answers per bin", xs, ys);
        hist.setMarker(SeriesMarkers.NONE);
        hist.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        XYSeries line =
                chart.addSeries("threshold", List.of(threshold, threshold), List.of(0.0, (double) Math.max(1, max)));
        line.setMarker(SeriesMarkers.NONE);
        String file = png.toString();
        BitmapEncoder.saveBitmap(
                chart,
                file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
