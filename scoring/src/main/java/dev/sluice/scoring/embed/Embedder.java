package dev.sluice.scoring.embed;

import java.util.List;

/**
 * Turns texts into L2-normalised sentence vectors in one batched call. The seam the Flink job
 * uses: it embeds the reference once, keeps the vector in keyed state, and on regeneration
 * embeds only the new candidate (see {@link EmbeddingCosine#score(float[], String)}).
 */
public interface Embedder {

    /** One unit-length vector per text (all zeros for text with no tokens), in input order. */
    float[][] embed(List<String> texts);

    int dimension();
}
