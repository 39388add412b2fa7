package dev.sluice.answers.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quick mode end to end: the real Yahoo! sample (read from ../shared/data, never copied), the real
 * scoring models and the real LLM simulator over HTTP. Checks the files and that the scorer
 * separates as it must: a random question's answer is easier to tell apart than a similar one's,
 * and the similar one still better than chance.
 */
class ThresholdExperimentITCase {
    static final Path YAHOO = Path.of("../../shared/data/yahoo");

    @Test
    void shouldWriteEveryChartAndSeparateEasyNegativesBetterThanHardOnes(@TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        Section section = new ThresholdExperiment().run(new ExperimentContext(dir, true, 42, YAHOO, log::add));

        assertThat(section.id()).isEqualTo("threshold");
        assertThat(section.files()).hasSizeGreaterThanOrEqualTo(13);
        for (Path f : section.files()) {
            assertThat(f).exists();
            assertThat(Files.size(f)).as(f.toString()).isPositive();
            assertThat(f.getParent()).isEqualTo(dir);
        }
        for (String chart : List.of(
                "threshold-distribution-halves",
                "threshold-distribution-answers",
                "threshold-roc",
                "threshold-pr",
                "threshold-pass-rate")) {
            assertThat(dir.resolve(chart + ".png")).isNotEmptyFile();
            assertThat(dir.resolve(chart + ".csv")).isNotEmptyFile();
            assertThat(section.markdown()).contains("](" + chart + ".png)");
        }
        double easy = (double) section.numbers().get("auc_positive_vs_easy");
        double hard = (double) section.numbers().get("auc_positive_vs_hard");
        assertThat(easy).isGreaterThan(hard);
        assertThat(hard).isGreaterThanOrEqualTo(0.5);
        assertThat(section.numbers().get("questions")).isEqualTo(ThresholdExperiment.QUICK_QUESTIONS);
        assertThat(section.markdown())
                .contains("yahoo-answers-4387.csv")
                .contains("**simulated**")
                .contains("What it means for you");
    }
}
