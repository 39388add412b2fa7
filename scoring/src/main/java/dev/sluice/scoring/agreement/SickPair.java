package dev.sluice.scoring.agreement;

import java.util.Objects;

/** One SICK sentence pair with its mean human relatedness (1 = unrelated ... 5 = same meaning). */
public record SickPair(String sentenceA, String sentenceB, double relatedness, String split) {
    public SickPair {
        Objects.requireNonNull(sentenceA, "sentenceA");
        Objects.requireNonNull(sentenceB, "sentenceB");
        if (!(relatedness >= 1 && relatedness <= 5)) {
            throw new IllegalArgumentException("SICK relatedness_score must be in [1, 5], was " + relatedness);
        }
        if (!split.equals("TRAIN") && !split.equals("TRIAL") && !split.equals("TEST")) {
            throw new IllegalArgumentException("SemEval_set must be TRAIN, TRIAL or TEST, was '" + split + "'");
        }
    }

    /** Weights may only be chosen on these rows, so TEST stays unseen. */
    public boolean isFitting() {
        return !split.equals("TEST");
    }
}
