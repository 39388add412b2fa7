package dev.sluice.answers.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class KaggleCsvLoaderTest {
    private final KaggleCsvLoader loader = new KaggleCsvLoader();

    private LoadResult load(String csv) {
        return loader.load(new StringReader(csv));
    }

    @Test
    void readsFourColumnsWithoutHeader() {
        LoadResult r = load("\"5\",\"Why is my wifi slow?\",\"It drops at night\",\"Restart the router.\"\n");
        assertThat(r.skipped()).isZero();
        QaPair p = r.pairs().get(0);
        assertThat(p.category()).isEqualTo("5");
        assertThat(p.title()).isEqualTo("Why is my wifi slow?");
        assertThat(p.content()).isEqualTo("It drops at night");
        assertThat(p.bestAnswer()).isEqualTo("Restart the router.");
        assertThat(p.id()).hasSize(16).matches("[0-9a-f]+");
    }

    @Test
    void turnsDoubledQuotesIntoOneAndLiteralBackslashNIntoNewlines() {
        LoadResult r =
                load("\"2\",\"What does \"\"e\"\" mean?\",\"\",\"First line\\nsecond, with a comma\\n\\nthird\"\n");
        QaPair p = r.pairs().get(0);
        assertThat(p.title()).isEqualTo("What does \"e\" mean?");
        assertThat(p.bestAnswer()).isEqualTo("First line\nsecond, with a comma\n\nthird");
    }

    @Test
    void keepsRealMultiLineFieldsAndCrLfRecordEnds() {
        LoadResult r = load("\"1\",\"Title one\",\"\",\"line a\r\nline b\"\r\n\"2\",\"Title two\",\"\",\"x\"\r\n");
        assertThat(r.pairs()).extracting(QaPair::bestAnswer).containsExactly("line a\r\nline b", "x");
    }

    @Test
    void skipsAndCountsRowsWithoutTitleOrAnswerOrColumns() {
        LoadResult r = load("""
        "1","","body","answer"
        "2","title","body","   "
        "3","only three","columns"
        "4","good","","fine"
        """);
        assertThat(r.pairs()).extracting(QaPair::title).containsExactly("good");
        assertThat(r.skipped()).isEqualTo(3);
        assertThat(r.reasons())
                .containsEntry(LoadResult.NO_TITLE, 1)
                .containsEntry(LoadResult.NO_ANSWER, 1)
                .containsEntry(LoadResult.MALFORMED, 1);
    }

    @Test
    void sameRowGivesSameIdAcrossLoads() {
        String row = "\"3\",\"Is tea healthy?\",\"\",\"In moderation.\"\n";
        assertThat(load(row).pairs().get(0).id())
                .isEqualTo(load(row).pairs().get(0).id());
    }

    @Test
    void unterminatedQuoteNamesTheLine() {
        assertThatThrownBy(() -> load("\"1\",\"a\",\"b\",\"c\"\n\"2\",\"broken,\"x\",\"y\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line");
    }
}
