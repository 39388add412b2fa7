package dev.sluice.scoring.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {

    @Test
    void shouldComputePassRatesAndExpectedExtraCallsForKnownScores() {
        double[] scores = {0.1, 0.4, 0.5, 0.6, 0.9};
        List<Calibration.Row> rows = Calibration.table(scores, new double[] {0.0, 0.5, 0.95}, 3);
        assertThat(rows.get(0).passRate()).isEqualTo(1.0);
        assertThat(rows.get(0).expectedExtraCalls()).isZero();
        // 0.5 passes (>=): 3 of 5 -> p = 0.6; extra = 0.4 + 0.4^2 = 0.56
        assertThat(rows.get(1).passRate()).isCloseTo(0.6, within(1e-12));
        assertThat(rows.get(1).expectedExtraCalls()).isCloseTo(0.56, within(1e-12));
        // nothing passes: every question uses all 3 attempts -> 2 extra calls
        assertThat(rows.get(2).passRate()).isZero();
        assertThat(rows.get(2).expectedExtraCalls()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void shouldBinScoresIncludingBothEnds() {
        int[] c = Histogram.counts(new double[] {0.0, 0.01, 0.5, 0.99, 1.0, 1.2});
        assertThat(c[0]).isEqualTo(2);
        assertThat(c[10]).isEqualTo(1);
        assertThat(c[19]).isEqualTo(3);
        assertThat(java.util.Arrays.stream(c).sum()).isEqualTo(6);
    }

    @Test
    void shouldWritePngAndTableFromAScoredPairsFile(@TempDir Path dir) throws IOException {
        Path scored = dir.resolve("scored.csv");
        StringBuilder sb = new StringBuilder("reference,candidate,composite\n");
        for (int i = 0; i < 100; i++) {
            sb.append("r,c,").append(i / 100.0).append('\n');
        }
        Files.writeString(scored, sb.toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int code = Calibration.run(
                scored, "composite", 0.6, 3, dir.resolve("out"), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        Path png = dir.resolve("out/histogram.png");
        assertThat(png).exists();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(800);
        // scores 0.00..0.99: 40 of 100 are >= 0.60
        assertThat(Files.readString(dir.resolve("out/calibration.md"))).contains("| 0.60 | 40.0% |");
    }

    @Test
    void shouldNameMissingColumn(@TempDir Path dir) throws IOException {
        Path scored = dir.resolve("scored.csv");
        Files.writeString(scored, "a,b\n1,2\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThat(Calibration.run(
                        scored, "composite", 0.6, 3, dir, new PrintStream(log, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("no column 'composite'")
                .contains("[a, b]");
    }
}
