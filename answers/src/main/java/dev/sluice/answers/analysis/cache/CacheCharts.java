package dev.sluice.answers.analysis.cache;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** The cache experiment's chart shapes (XChart), and small multiples: several charts in one PNG. */
public final class CacheCharts {
    static final int PANEL_WIDTH = 620;
    static final int PANEL_HEIGHT = 420;

    private CacheCharts() {}

    public static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    public static CategoryChart bars(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(PANEL_WIDTH)
                .height(PANEL_HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    /** Writes the charts side by side, {@code columns} per row, into one PNG. */
    public static Path grid(List<? extends Chart<?, ?>> charts, int columns, Path png) throws IOException {
        int rows = (charts.size() + columns - 1) / columns;
        int width = 0;
        int height = 0;
        List<BufferedImage> images = new java.util.ArrayList<>();
        for (Chart<?, ?> c : charts) {
            BufferedImage image = BitmapEncoder.getBufferedImage(c);
            images.add(image);
            width = Math.max(width, image.getWidth());
            height = Math.max(height, image.getHeight());
        }
        BufferedImage all =
                new BufferedImage(width * Math.min(columns, charts.size()), height * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), (i % columns) * width, (i / columns) * height, null);
        }
        g.dispose();
        ImageIO.write(all, "png", png.toFile());
        return png;
    }
}
