package dev.sluice.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQuAD token F1: harmonic mean of precision and recall of the bag of normalised tokens. Cheap and
 * explainable, but blind to paraphrase (Bulian et al. 2022), hence only one part of the composite.
 * Two empty answers agree (1); one empty answer scores 0, as in the SQuAD script.
 */
public final class TokenF1 implements Scorer {

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
