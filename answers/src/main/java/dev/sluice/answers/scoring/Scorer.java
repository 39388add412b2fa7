package dev.sluice.answers.scoring;

import java.io.Serializable;

/**
 * How close an LLM answer is to the community's best answer. The scoring job calls it inside a
 * Flink operator, so implementations are {@link Serializable}.
 *
 * <p>For metrics without a model. Model-backed scorers implement {@link BatchScorer} instead, which
 * has a lifecycle and scores a batch per call; {@link BatchScorer#pairwise} adapts this interface.
 */
public interface Scorer extends Serializable {

    /**
     * @return a similarity in [0, 1]
     * @throws IllegalArgumentException when the pair cannot be scored (e.g. an empty reference);
     *     the job dead-letters the attempt with this message
     */
    double score(String reference, String candidate);

    /** A short stable name stored with every score, e.g. {@code token_f1}. */
    String name();
}
