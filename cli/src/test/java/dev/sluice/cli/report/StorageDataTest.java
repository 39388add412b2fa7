package dev.sluice.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which questions the storage experiment draws from, by what the Yahoo! directory holds. */
class StorageDataTest {
    @TempDir
    Path dir;

    @Test
    void shouldPreferTheFullKaggleSetOverTheSample() throws Exception {
        Files.writeString(dir.resolve(StorageData.SAMPLE), "question_id,question_title,best_answer\nq1,Why?,Because\n");
        Files.writeString(
                dir.resolve("test.csv"),
                "\"5\",\"Why is the sky blue?\",\"\",\"Rayleigh scattering.\\nShort waves scatter more.\"\n"
                        + "\"2\",\"Best pizza?\",\"in Naples\",\"Margherita\"\n");

        StorageData data = StorageData.find(dir);

        assertThat(data.kaggle()).isTrue();
        assertThat(data.pairs()).extracting(p -> p.title()).containsExactly("Why is the sky blue?", "Best pizza?");
        assertThat(data.description())
                .contains("Kaggle layout")
                .contains("test.csv")
                .contains("first 2 usable rows");
    }

    @Test
    void shouldTakeTheSampleAndElseSluicesOwnData() throws Exception {
        Files.writeString(dir.resolve(StorageData.SAMPLE), "question_id,question_title,best_answer\nq1,Why?,Because\n");
        StorageData sample = StorageData.find(dir);
        assertThat(sample.kaggle()).isFalse();
        assertThat(sample.pairs()).hasSize(1);
        assertThat(sample.description())
                .contains("1-pair Yahoo! Answers sample")
                .contains(StorageData.SAMPLE);

        StorageData own = StorageData.find(null);
        assertThat(own.description()).contains("Sluice's own generated sample").contains("see --yahoo");
        assertThat(own.pairs()).isNotEmpty();
    }

    @Test
    void excerptsShouldBeOneLineAndCut() {
        assertThat(StoredRows.excerpt("a\\nb\n  c", 20)).isEqualTo("a b c");
        assertThat(StoredRows.excerpt("abcdefghij", 5)).isEqualTo("abcd…");
        assertThat(StoredRows.excerpt(null, 5)).isEmpty();
    }
}
