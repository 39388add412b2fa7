package dev.sluice.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's runner and writers with small experiments of the test's own. */
class ReportRunTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    /** Writes one CSV and returns a section with a table, a chart link and raw HTML of every kind. */
    private static Experiment fine(String id) {
        return experiment(id, "Fine " + id, context -> {
            Table t = new Table("a", "b <c>").add(1, 0.5).add("x|y", "≥ → ×");
            Path csv = t.writeCsv(context.file(id + ".csv"));
            String md = "Text with <br> and <div class=\"x\">unclosed, & an ampersand.\n\n" + t.markdown()
                    + "\n<table><tr><td>raw</table>\n";
            return new Section(id, "Fine " + id, md, List.of(csv), Map.of("rows", 2));
        });
    }

    private static Experiment experiment(String id, String title, Body body) {
        return new Experiment() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Section run(ExperimentContext context) throws Exception {
                return body.run(context);
            }
        };
    }

    @FunctionalInterface
    private interface Body {
        Section run(ExperimentContext context) throws Exception;
    }

    @Test
    void aFailingExperimentShouldBeReportedWithItsReasonAndTheOthersShouldStillRun() {
        Experiment broken = experiment("broken", "Broken", c -> {
            throw new IllegalStateException("the broker went away");
        });
        Experiment lying = experiment(
                "lying", "Lying", c -> new Section("lying", "Lying", "x", List.of(c.file("nope.png")), Map.of()));

        List<ReportRun.Outcome> outcomes = ReportRun.run(
                List.of(fine("one"), broken, lying, fine("two")),
                new ExperimentContext(dir, true, 1, null, log::add),
                log::add);

        assertThat(outcomes).extracting(ReportRun.Outcome::ok).containsExactly(true, false, false, true);
        assertThat(outcomes.get(1).failure()).contains("IllegalStateException: the broker went away");
        assertThat(outcomes.get(2).failure()).contains("nope.png, which is missing or empty");
        assertThat(log).anyMatch(l -> l.startsWith("[2/4] broken: FAILED in "));
        assertThat(log).anyMatch(l -> l.matches("\\[4/4] two: done in [0-9.]+ s \\(1 files\\)"));

        String md = ReportMarkdown.compose("now", "./sluice report answers", "preface", outcomes);
        assertThat(md)
                .contains("2. [Broken](#broken) (0 s) (failed)")
                .contains("**2 of 4 experiments failed**")
                .contains("## 2. Broken\n\n**This experiment failed** after ")
                .contains("the broker went away")
                .contains("## 4. Fine two");
    }

    @Test
    void thePdfShouldSurviveRawHtmlAndKeepTheAnchors() throws Exception {
        List<ReportRun.Outcome> outcomes = ReportRun.run(
                List.of(fine("one"), fine("two")), new ExperimentContext(dir, true, 1, null, log::add), log::add);
        String md = ReportMarkdown.compose("now", "./sluice report answers", "preface", outcomes);

        String html = ReportPdf.html(md);
        assertThat(html)
                .contains("<a id=\"one\"></a>")
                .contains("<a href=\"#two\">")
                .contains("&lt;div class=&quot;x&quot;&gt;")
                .contains("<table>\n<thead>");
        Path pdf = dir.resolve("r.pdf");
        ReportPdf.write(md, dir, pdf);
        assertThat(Files.readAllBytes(pdf)).startsWith('%', 'P', 'D', 'F');
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages())
                    .as("title page, then a page per section")
                    .isEqualTo(3);
        }
    }

    @Test
    void onlyShouldNameTheKnownIdsWhenOneIsUnknown() {
        List<Experiment> all = List.of(fine("storage"), fine("cache"));
        assertThat(ReportAnswersCommand.choose(all, List.of("cache")))
                .extracting(Experiment::id)
                .containsExactly("cache");
        assertThatThrownBy(() -> ReportAnswersCommand.choose(all, List.of("cahce")))
                .hasMessage("--only: no experiment [cahce]; the ids are storage, cache");
    }
}
