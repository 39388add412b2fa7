package dev.sluice.scoring;

import dev.sluice.scoring.embed.BertScoreF1;
import dev.sluice.scoring.embed.EmbeddingCosine;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics Sluice ships and the composite's default configuration, in one place so the CLI,
 * the Flink job and the agreement report all mean the same thing by "composite".
 */
public final class StandardMetrics {

    /**
     * Pass threshold of the default composite, from {@code sluice score calibrate} (docs/scoring.md,
     * "Calibration"): the lowest threshold that lets through fewer than 1 in 200 Yahoo! answers to
     * a different question (0.1%) and fewer than 1 in 20 SICK pairs people rate unrelated (4.0%),
     * while passing 94.5% of pairs rated 3-4 and 99.9% of those rated 4-5.
     */
    public static final double DEFAULT_THRESHOLD = 0.50;

    /**
     * Fitted on SICK TRAIN+TRIAL by {@code sluice score agreement} (docs/scoring.md, which prints
     * these numbers and checks they are still what the fit gives): each cosine goes through a
     * monotone curve, then a weighted mean. MiniLM's curve rises steeply and is flat above 0.72 (it
     * tells unrelated from related); bge's rises slowly, then steeply above 0.91 (it tells close
     * paraphrases from merely related text). Token F1, ROUGE-L and BERTScore earn weight 0, so by
     * default only the two cosines run. Threshold: see {@link #DEFAULT_THRESHOLD}.
     */
    public static final CompositeConfig DEFAULT_CONFIG =
            new CompositeConfig(defaultWeights(), DEFAULT_THRESHOLD, defaultCurves());

    private StandardMetrics() {}

    private static Map<String, Double> defaultWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(TokenF1.NAME, 0.0);
        w.put(RougeL.NAME, 0.0);
        w.put(EmbeddingCosine.NAME, 0.581);
        w.put(BertScoreF1.NAME, 0.0);
        w.put(BGE_COSINE, 0.419);
        return w;
    }

    private static Map<String, MonotoneCurve> defaultCurves() {
        Map<String, MonotoneCurve> c = new LinkedHashMap<>();
        c.put(
                EmbeddingCosine.NAME,
                MonotoneCurve.of(new double[] {0, 0.5, 0.72, 0.86, 1}, new double[] {0, 0.897, 1, 1, 1}));
        c.put(
                BGE_COSINE,
                MonotoneCurve.of(new double[] {0, 0.68, 0.79, 0.91, 1}, new double[] {0, 0.224, 0.313, 0.539, 1}));
        return c;
    }

    /** Column name of the cosine on bge-small-en-v1.5. */
    public static final String BGE_COSINE = "bge_cosine";

    /**
     * Token F1, ROUGE-L, cosine and BERTScore F1 on all-MiniLM-L6-v2, cosine on bge-small-en-v1.5,
     * in that (column) order.
     */
    public static List<Scorer> all(SentenceEncoders models) {
        return List.of(
                new TokenF1(),
                new RougeL(),
                new EmbeddingCosine(models.miniLm()),
                new BertScoreF1(models.miniLm()),
                new EmbeddingCosine(models.bge(), BGE_COSINE));
    }

    public static Composite composite(SentenceEncoders models, CompositeConfig config) {
        return new Composite(all(models), config);
    }
}
