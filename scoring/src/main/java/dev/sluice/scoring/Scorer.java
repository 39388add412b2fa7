package dev.sluice.scoring;

import java.util.List;

/**
 * One answer-quality metric: how well a candidate (the LLM's answer) matches a reference (the
 * community's best answer), as a number in [0, 1] where 1 means "as good as the reference".
 *
 * <p>{@link #scoreAll} exists so model-backed metrics can run one batched inference for many
 * pairs; the default just loops, which is right for the cheap lexical metrics.
 *
 * <p>The one scorer interface of Sluice: the answers pipeline runs these too (its {@code BatchScorer}
 * adds batching, a lifecycle and the pipeline's rule for unscorable references).
 */
public interface Scorer {

    /** Stable, lowercase name used as a column header and a config key, e.g. {@code token_f1}. */
    String name();

    /** Score in [0, 1]; never throws on empty, very long or garbled text. */
    double score(String reference, String candidate);

    /** Scores every pair; element i belongs to pairs.get(i). Must equal calling {@link #score} one by one. */
    default double[] scoreAll(List<Pair> pairs) {
        double[] out = new double[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            Pair p = pairs.get(i);
            out[i] = score(p.reference(), p.candidate());
        }
        return out;
    }
}
