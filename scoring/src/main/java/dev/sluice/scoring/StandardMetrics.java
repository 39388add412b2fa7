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
     * Weights fitted on SICK TRAIN+TRIAL by {@code sluice score agreement} (docs/scoring.md): the
     * lexical metrics and BERTScore earn weight 0 there, so by default only the two cosines run.
     * Threshold 0.60: rejects 99.7% of Yahoo! answers to a different question and passes 99.7% of
     * SICK pairs people rate 4-5 (docs/scoring.md, "Calibration").
     */
    public static final CompositeConfig DEFAULT_CONFIG = new CompositeConfig(defaultWeights(), 0.60);

    private StandardMetrics() {}

    private static Map<String, Double> defaultWeights() {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put(TokenF1.NAME, 0.0);
        w.put(RougeL.NAME, 0.0);
        w.put(EmbeddingCosine.NAME, 0.2);
        w.put(BertScoreF1.NAME, 0.0);
        w.put(BGE_COSINE, 0.8);
        return w;
    }

    /** Column name of the cosine on bge-small-en-v1.5. */
    public static final String BGE_COSINE = "bge_cosine";

    /**
     * Token F1, ROUGE-L, cosine and BERTScore F1 on all-MiniLM-L6-v2, cosine on bge-small-en-v1.5,
     * in that (column) order.
     */
    public static List<Scorer> all(SentenceEncoders models) {
        return List.of(new TokenF1(), new RougeL(), new EmbeddingCosine(models.miniLm()),
                new BertScoreF1(models.miniLm()), new EmbeddingCosine(models.bge(), BGE_COSINE));
    }

    public static Composite composite(SentenceEncoders models, CompositeConfig config) {
        return new Composite(all(models), config);
    }
}
