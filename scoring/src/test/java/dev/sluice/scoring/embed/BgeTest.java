package dev.sluice.scoring.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.scoring.Composite;
import dev.sluice.scoring.Pair;
import dev.sluice.scoring.StandardMetrics;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The second model and the default composite, on both real models loaded from their Maven jars. */
class BgeTest {

    private static SentenceEncoders models;
    private static SentenceEncoder bge;

    @BeforeAll
    static void load() {
        models = SentenceEncoders.load(2, 2);
        bge = models.bge();
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void defaultCompositeShouldPassIdenticalAndRejectUnrelatedWithinUnitInterval() {
        Composite c = StandardMetrics.composite(models, StandardMetrics.DEFAULT_CONFIG);
        String ref = "Boil the pasta in salted water for ten minutes, then drain it.";
        double[] s = c.scoreAll(List.of(
                new Pair(ref, ref),
                new Pair(ref, "Cook the noodles in boiling salty water for about 10 minutes and drain."),
                new Pair(ref, "The French Revolution began in 1789 with the storming of the Bastille."),
                new Pair(ref, ""),
                new Pair(ref, "caf├⌐ \\n " + "x ".repeat(3000))));
        for (double v : s) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        assertThat(c.passes(s[0])).isTrue();
        assertThat(c.passes(s[1])).isTrue();
        assertThat(c.passes(s[2])).isFalse();
        assertThat(c.passes(s[3])).isFalse();
        assertThat(s[0]).isGreaterThan(s[1]);
        assertThat(s[1]).isGreaterThan(s[2]);
    }

    @Test
    void shouldProduceUnitVectorsOf384Dimensions() {
        float[][] v = bge.embed(List.of("A man is playing a guitar.", "日本語 caf├⌐"));
        assertThat(v).hasNumberOfRows(2);
        assertThat(v[0]).hasSize(384);
        assertThat(Vectors.dot(v[0], v[0])).isCloseTo(1.0, within(1e-4));
        assertThat(bge.window()).isEqualTo(512);
    }

    @Test
    void shouldOrderIdenticalAboveParaphraseAboveUnrelatedInOneBatch() {
        EmbeddingCosine cos = new EmbeddingCosine(bge, "bge_cosine");
        String ref = "A man is playing a guitar.";
        double[] s = cos.scoreAll(List.of(
                new Pair(ref, ref),
                new Pair(ref, "A guy plays the guitar."),
                new Pair(ref, "The stock market fell sharply today."),
                new Pair(ref, "")));
        assertThat(s[0]).isCloseTo(1.0, within(1e-5));
        assertThat(s[1]).isLessThan(s[0]).isGreaterThan(s[2]);
        assertThat(s[3]).isZero();
        assertThat(cos.name()).isEqualTo("bge_cosine");
    }
}
