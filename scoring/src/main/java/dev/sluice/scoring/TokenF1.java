package dev.sluice.scoring;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQuAD token F1: harmonic mean of precision and recall of the bag of {@link Tokens normalised}
 * tokens. Cheap and explainable, but blind to paraphrase (Bulian et al. 2022), hence only one part
 * of the composite, and the answers pipeline's scorer for machines without the memory for a model.
 *
 * <p>Empty text ("no words after normalisation") follows the SQuAD script, so a {@code token_f1}
 * column means the same wherever it is stored: two empty answers agree (1); an empty candidate, or
 * an empty reference, scores 0. Whether an empty reference should be scored at all is the caller's
 * decision: the answers pipeline dead-letters it before any scorer runs (answers' {@code BatchScorer}).
 *
 * <p>Serializable (it has no state) so a Flink job can ship it inside its job graph.
 */
public final class TokenF1 implements Scorer, Serializable {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "token_f1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(String reference, String candidate) {
        List<String> ref = Tokens.normalise(reference);
        List<String> cand = Tokens.normalise(candidate);
        if (ref.isEmpty() || cand.isEmpty()) {
            return ref.isEmpty() && cand.isEmpty() ? 1.0 : 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : ref) {
            counts.merge(t, 1, Integer::sum);
        }
        int common = 0;
        for (String t : cand) {
            Integer left = counts.get(t);
            if (left != null && left > 0) {
                counts.put(t, left - 1);
                common++;
            }
        }
        if (common == 0) {
            return 0.0;
        }
        double precision = (double) common / cand.size();
        double recall = (double) common / ref.size();
        return 2 * precision * recall / (precision + recall);
    }
}
