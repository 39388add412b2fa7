package dev.sluice.answers.scoring;

/**
 * A reference answer's sentence embeddings, one per model of the composite, as kept in the
 * decider's keyed state so a regeneration embeds only the new candidate. About 3 KB per open
 * question (2 x 384 floats); cleared once the question is decided. A Flink POJO (a record), no Kryo.
 *
 * @param referenceHash {@code String.hashCode()} of the reference the vectors were computed from:
 *     a question's reference does not change between attempts, but if it ever did the vectors
 *     would be recomputed rather than silently reused
 * @param vectors one unit vector per embedding metric, in the composite's metric order
 */
public record ReferenceVectors(int referenceHash, float[][] vectors) {

    /** Whether these vectors were made from {@code reference} by models of these output sizes. */
    boolean isFor(String reference, int[] dimensions) {
        if (vectors == null || referenceHash != reference.hashCode() || vectors.length != dimensions.length) {
            return false;
        }
        for (int i = 0; i < dimensions.length; i++) {
            if (vectors[i] == null || vectors[i].length != dimensions[i]) {
                return false;
            }
        }
        return true;
    }
}
