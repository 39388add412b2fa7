package dev.sluice.scoring.embed;

import dev.sluice.scoring.Pair;
import dev.sluice.scoring.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * BERTScore-style F1 (Zhang et al. 2020): every candidate token is matched greedily to its most
 * similar reference token (precision) and vice versa (recall), on all-MiniLM-L6-v2's last-layer
 * token vectors. Differences from the paper, on purpose: no idf weighting (it needs a corpus we do
 * not have at scoring time) and the last layer (the ONNX export exposes only that one).
 *
 * <p>Raw token cosines of this model rarely fall below {@link #BASELINE}, so, as the paper's
 * "rescale with baseline", the F1 is mapped by {@code (f1 - b) / (1 - b)} and clamped to [0, 1];
 * b was measured as the mean raw F1 of mismatched SICK TRAIN pairs. Rescaling is monotonic, so it
 * changes no correlation, only how readable a threshold is.
 *
 * <p>Cost is |ref| x |cand| dot products of 384 floats; the encoder's window cap (1016 tokens by
 * default) bounds it at about 0.4 G multiply-adds for two very long answers.
 */
public final class BertScoreF1 implements Scorer {

    public static final String NAME = "bertscore_f1";
    /** Mean raw F1 of mismatched SICK TRAIN pairs (A_i with B_{i+n/2}): 0.146 over 4,439 pairs. */
    public static final double BASELINE = 0.15;

    private final SentenceEncoder model;

    public BertScoreF1(SentenceEncoder model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(String reference, String candidate) {
        return scoreAll(List.of(new Pair(reference, candidate)))[0];
    }

    @Override
    public double[] scoreAll(List<Pair> pairs) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Pair p : pairs) {
            index.putIfAbsent(p.reference(), index.size());
            index.putIfAbsent(p.candidate(), index.size());
        }
        List<Encoded> encoded = model.encode(new ArrayList<>(index.keySet()));
        double[] out = new double[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            Pair p = pairs.get(i);
            out[i] = rescale(rawF1(
                    encoded.get(index.get(p.reference())).tokens(),
                    encoded.get(index.get(p.candidate())).tokens()));
        }
        return out;
    }

    static double rescale(double rawF1) {
        return Math.min(1.0, Math.max(0.0, (rawF1 - BASELINE) / (1 - BASELINE)));
    }

    /** Greedy-matching F1 of unit token vectors; two empty texts agree (1), one empty scores 0. */
    public static double rawF1(float[][] reference, float[][] candidate) {
        if (reference.length == 0 || candidate.length == 0) {
            return reference.length == 0 && candidate.length == 0 ? 1.0 : 0.0;
        }
        double[] bestForRef = new double[reference.length];
        java.util.Arrays.fill(bestForRef, -1);
        double precisionSum = 0;
        for (float[] c : candidate) {
            double best = -1;
            for (int r = 0; r < reference.length; r++) {
                double sim = Vectors.dot(c, reference[r]);
                best = Math.max(best, sim);
                bestForRef[r] = Math.max(bestForRef[r], sim);
            }
            precisionSum += best;
        }
        double recallSum = 0;
        for (double b : bestForRef) {
            recallSum += b;
        }
        double precision = precisionSum / candidate.length;
        double recall = recallSum / reference.length;
        return precision + recall <= 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    }
}
