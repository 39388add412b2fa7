package dev.sluice.answers.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDatasetTest {
    @TempDir
    Path dir;

    @Test
    void writesAtLeast300DistinctPairsThatTheKaggleLoaderReadsBack() {
        Path file = SampleDataset.ensureDefault(dir);
        LoadResult r = DatasetLoader.loadAny(file);
        assertThat(r.skipped()).isZero();
        assertThat(r.pairs())
                .hasSizeGreaterThanOrEqualTo(300)
                .isEqualTo(SampleDataset.pairs(SampleDataset.DEFAULT_SIZE, SampleDataset.DEFAULT_SEED));
        assertThat(r.pairs()).extracting(QaPair::title).doesNotHaveDuplicates();
        assertThat(r.pairs())
                .anySatisfy(p -> assertThat(p.bestAnswer()).contains("\n\n").contains("\""));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherSample() throws Exception {
        byte[] a = Files.readAllBytes(SampleDataset.write(dir.resolve("a.csv"), 310, 7));
        byte[] b = Files.readAllBytes(SampleDataset.write(dir.resolve("b.csv"), 310, 7));
        byte[] c = Files.readAllBytes(SampleDataset.write(dir.resolve("c.csv"), 310, 8));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(Files.readString(dir.resolve("a.csv"))).startsWith("\"").doesNotContain("question_title");
    }
}
