package dev.sluice.scoring.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.scoring.RougeL;
import dev.sluice.scoring.TokenF1;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on a slice of the real SICK file with the cheap metrics only; the full run is the CLI's job. */
class SickAgreementTest {

    /** Surefire runs in the module folder; shared/ sits beside the project (never copied into it). */
    private static Path sick() {
        return Path.of("")
                .toAbsolutePath()
                .resolve("../../shared/data/sick/SICK.txt")
                .normalize();
    }

    @Test
    void shouldReadAllSplitsOfTheRealFile() throws IOException {
        List<SickPair> pairs = SickData.read(sick());
        assertThat(pairs).hasSize(9840);
        assertThat(pairs.stream().filter(p -> p.split().equals("TEST")).count()).isEqualTo(4906);
        assertThat(pairs.get(0).relatedness()).isEqualTo(4.5);
    }

    @Test
    void shouldFitOnTrainAndReportTestForEveryMetricAndComposite() throws IOException {
        List<SickPair> all = SickData.read(sick());
        List<SickPair> slice = new ArrayList<>();
        slice.addAll(all.stream().filter(SickPair::isFitting).limit(300).toList());
        slice.addAll(all.stream().filter(p -> !p.isFitting()).limit(300).toList());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AgreementReport report = SickAgreement.evaluate(
                slice, List.of(new TokenF1(), new RougeL()), new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(report.fitPairs()).isEqualTo(300);
        assertThat(report.testPairs()).isEqualTo(300);
        assertThat(report.rows())
                .extracting(AgreementReport.Row::metric)
                .containsExactly("token_f1", "rouge_l", "composite");
        assertThat(report.weights().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        // lexical overlap agrees with people somewhat on SICK, far from perfectly
        assertThat(report.rows().get(0).spearmanTest()).isBetween(0.4, 0.8);
        // least squares, not Spearman, is what the fit minimises, so allow a hair below the best metric
        double bestSingleFit = Math.max(
                report.rows().get(0).spearmanFit(), report.rows().get(1).spearmanFit());
        assertThat(report.composite().spearmanFit()).isGreaterThanOrEqualTo(bestSingleFit - 0.005);
        assertThat(report.method().crossValidation()).containsKeys(1, 4);
        assertThat(report.method().isDefault()).isFalse(); // the default weighs the embedding metrics
        assertThat(report.targetsMet()).isFalse();
        assertThat(report.toMarkdown())
                .contains("| composite |")
                .contains("Curves of the weighted metrics")
                .contains("cross-validation")
                .contains("NOT met");
    }

    @Test
    void shouldReplaceOnlyTheGeneratedSectionOfTheMarkdown(@TempDir Path dir) throws IOException {
        Path md = dir.resolve("docs/scoring.md");
        MarkdownSection.write(md, "x", "first table");
        Files.writeString(md, "# Title\n\nprose before\n\n" + Files.readString(md) + "\nprose after\n");
        MarkdownSection.write(md, "x", "second table");
        String doc = Files.readString(md);
        assertThat(doc)
                .contains("prose before")
                .contains("prose after")
                .contains("second table")
                .doesNotContain("first table");
    }

    @Test
    void shouldReturnTwoWithAMessageForAMissingFile(@TempDir Path dir) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = SickAgreement.run(
                dir.resolve("nope.txt"), dir.resolve("out.md"), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("cannot read SICK");
    }
}
