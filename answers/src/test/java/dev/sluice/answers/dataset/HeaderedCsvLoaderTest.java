package dev.sluice.answers.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeaderedCsvLoaderTest {
    /** Read from the shared folder, never copied into the project (third-party terms). */
    static final Path SHARED = Path.of("../../shared/data/yahoo/yahoo-answers-4387.csv");

    private final HeaderedCsvLoader loader = new HeaderedCsvLoader();

    @Test
    void findsColumnsByNameInAnyOrder() {
        LoadResult r = loader.load(
                new StringReader("best_answer,Question_Title,question_id\n\"yes, \"\"really\"\"\",is it?,q1\n"));
        QaPair p = r.pairs().get(0);
        assertThat(p.id()).isEqualTo("q1");
        assertThat(p.title()).isEqualTo("is it?");
        assertThat(p.bestAnswer()).isEqualTo("yes, \"really\"");
        assertThat(p.category()).isNull();
    }

    @Test
    void repairsSqlDoubledApostrophesAndMojibake() {
        LoadResult r = loader.load(
                new StringReader(
                        "question_id,question_title,best_answer\nq1,why?,\"you''ll see ''the governorΓÇÖs office'' in K\u00f6ln\"\n"));
        assertThat(r.pairs().get(0).bestAnswer()).isEqualTo("you'll see \"the governor\u2019s office\" in K\u00f6ln");
    }

    @Test
    void skipsRowsWithoutTitleOrAnswer() {
        LoadResult r = loader.load(new StringReader("question_id,question_title,best_answer\nq1,,a\nq2,t,\nq3,t,a\n"));
        assertThat(r.pairs()).extracting(QaPair::id).containsExactly("q3");
        assertThat(r.reasons()).containsEntry(LoadResult.NO_TITLE, 1).containsEntry(LoadResult.NO_ANSWER, 1);
    }

    @Test
    void missingColumnSaysWhichNamesAreAccepted() {
        assertThatThrownBy(() -> loader.load(new StringReader("id,question,answer\n1,q,a\n")))
                .hasMessageContaining("question_title or title");
    }

    @Test
    void loadsTheShared4387RowFile() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(SHARED),
                "the shared dataset is not at " + SHARED.toAbsolutePath() + " on this machine");
        LoadResult r = DatasetLoader.loadAny(SHARED);
        assertThat(r.pairs().size() + r.skipped()).isEqualTo(4387);
        assertThat(r.pairs()).hasSizeGreaterThan(4300);
        Set<String> ids = new HashSet<>();
        r.pairs().forEach(p -> ids.add(p.id()));
        assertThat(ids).hasSize(r.pairs().size());
        assertThat(r.pairs())
                .allSatisfy(
                        p -> assertThat(p.bestAnswer()).doesNotContain("\\n").doesNotContain("''"));
        assertThat(r.pairs().get(0).bestAnswer()).isEqualTo("the letter \"e\"");
        assertThat(r.pairs().stream()
                        .filter(p -> p.bestAnswer().contains("\u0393\u00c7"))
                        .count())
                .as("CP437 mojibake left")
                .isLessThan(5);
    }

    @Test
    void detectsLayoutFromTheFirstLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path kaggle = Files.writeString(dir.resolve("k.csv"), "5,What title fits my essay?,,Short ones.\n");
        Path headered = Files.writeString(dir.resolve("h.csv"), "\"id\",\"Title\",\"answer\"\n1,t,a\n");
        assertThat(DatasetLoader.forFile(kaggle)).isInstanceOf(KaggleCsvLoader.class);
        assertThat(DatasetLoader.forFile(headered)).isInstanceOf(HeaderedCsvLoader.class);
    }
}
