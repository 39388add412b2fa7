package dev.sluice.scoring.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.scoring.Pair;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads the real model once for the class; every assertion here runs real ONNX inference. */
class MiniLmTest {

    private static SentenceEncoder model;
    private static EmbeddingCosine cosine;
    private static BertScoreF1 bertScore;

    private static final String REF = "The capital of France is Paris.";
    private static final String PARAPHRASE = "Paris is France's capital city.";
    private static final String UNRELATED = "Bake the cookies for twelve minutes at 180 degrees.";

    @BeforeAll
    static void load() {
        model = SentenceEncoder.load(ModelSpec.ALL_MINILM_L6_V2, 2, SentenceEncoder.DEFAULT_MAX_WINDOWS);
        cosine = new EmbeddingCosine(model);
        bertScore = new BertScoreF1(model);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shouldProduceUnitVectorsOf384Dimensions() {
        float[][] v = model.embed(List.of(REF, "a", UNRELATED));
        assertThat(v).hasNumberOfRows(3);
        for (float[] row : v) {
            assertThat(row).hasSize(384);
            assertThat(Vectors.dot(row, row)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void shouldEmbedEmptyTextAsZeroVectorWithoutFailing() {
        Encoded e = model.encode(List.of("   ")).get(0);
        assertThat(e.isEmpty()).isTrue();
        assertThat(Vectors.dot(e.sentence(), e.sentence())).isZero();
        assertThat(cosine.score("", "")).isEqualTo(1.0);
        assertThat(cosine.score(REF, "")).isZero();
        assertThat(bertScore.score(REF, "")).isZero();
    }

    @Test
    void shouldOrderIdenticalAboveParaphraseAboveUnrelated() {
        for (var s : List.of(cosine, bertScore)) {
            double identical = s.score(REF, REF);
            double paraphrase = s.score(REF, PARAPHRASE);
            double unrelated = s.score(REF, UNRELATED);
            assertThat(identical).as(s.name()).isCloseTo(1.0, within(1e-5));
            assertThat(paraphrase).as(s.name()).isBetween(0.5, identical);
            assertThat(unrelated).as(s.name()).isLessThan(paraphrase - 0.3).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void shouldGiveSameScoresInBatchAsOneByOne() {
        List<Pair> pairs = List.of(
                new Pair(REF, PARAPHRASE),
                new Pair(REF, UNRELATED),
                new Pair("short", "a much longer sentence about something else entirely, to force padding"),
                new Pair("", REF));
        for (var s : List.of(cosine, bertScore)) {
            double[] batch = s.scoreAll(pairs);
            for (int i = 0; i < pairs.size(); i++) {
                assertThat(batch[i])
                        .as(s.name() + " pair " + i)
                        .isCloseTo(
                                s.score(pairs.get(i).reference(), pairs.get(i).candidate()), within(1e-4));
            }
        }
    }

    @Test
    void shouldReuseCachedReferenceEmbedding() {
        float[] ref = cosine.embedReference(REF);
        assertThat(cosine.score(ref, PARAPHRASE)).isCloseTo(cosine.score(REF, PARAPHRASE), within(1e-6));
    }

    @Test
    void shouldChunkLongTextIntoWindowsInsteadOfTruncating() {
        String head = "The mitochondria is the powerhouse of the cell and makes ATP. ".repeat(25); // > 256 tokens
        String tail = "Football is a team sport played with a ball on a grass pitch. ".repeat(25);
        assertThat(model.countTokens(head)).isGreaterThan(model.window());
        double headOnly = cosine.score(head, head + tail);
        // Truncation at one window would see only the head of head+tail and score ~1; chunking sees the tail.
        assertThat(headOnly).isLessThan(0.9).isGreaterThan(0.3);
        // Beyond the window cap tokens are dropped: what follows a huge text cannot change its vector.
        String huge = "Rain falls from clouds when droplets grow heavy. ".repeat(400);
        assertThat(model.countTokens(huge)).isGreaterThan(model.window() * SentenceEncoder.DEFAULT_MAX_WINDOWS);
        assertThat(cosine.score(huge, huge + " " + tail)).isCloseTo(1.0, within(1e-5));
        assertThat(cosine.score(huge, "Rain falls from clouds when droplets grow heavy."))
                .isGreaterThan(0.6);
        assertThat(bertScore.score(huge, huge)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void shouldSurviveNonAsciiAndMojibake() {
        // mojibake as in the Yahoo! data: UTF-8 read as code page 437 (TextCleaner repairs it)
        assertThat(cosine.score("I don’t like coffee", "I donΓÇÖt like coffee")).isCloseTo(1.0, within(1e-5));
        double v = cosine.score("日本語のテキスト \uFFFD\u0000 😀", "Texte français très élégant");
        assertThat(v).isBetween(0.0, 1.0);
        assertThat(bertScore.score("naïve café", "na├»ve caf├⌐")).isCloseTo(1.0, within(1e-5));
    }
}
