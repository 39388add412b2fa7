package dev.sluice.scoring.embed;

import dev.sluice.scoring.Pair;
import dev.sluice.scoring.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cosine similarity of the two answers' sentence embeddings, mapped to [0, 1] by
 * {@code max(0, cos)}. Why not {@code (1 + cos) / 2}: for this model unrelated English text lands
 * near 0 and negative cosines are rare and carry no "more wrong" meaning, so halving the scale
 * would only squeeze every real answer into [0.5, 1] and make thresholds harder to read.
 *
 * <p>Limit: all-MiniLM-L6-v2 was trained on, among others, yahoo_answers_topics (title+question
 * to answer pairs), so on Yahoo! Answers data its similarities may be inflated.
 */
public final class EmbeddingCosine implements Scorer {

    public static final String NAME = "embedding_cosine";
    private final Embedder embedder;
    private final String name;

    /** Cosine on all-MiniLM-L6-v2 (or whatever the embedder is), named {@value #NAME}. */
    public EmbeddingCosine(Embedder embedder) {
        this(embedder, NAME);
    }

    /** For a second model in the same composite, which needs its own column name. */
    public EmbeddingCosine(Embedder embedder, String name) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    /** The model behind this metric, for callers that batch many texts into one call (the Flink job). */
    public Embedder embedder() {
        return embedder;
    }

    /** Embeds the reference once; {@link #score(float[], String)} then reuses the vector. */
    public float[] embedReference(String reference) {
        return embedder.embed(List.of(reference))[0];
    }

    /** For the Flink job: the reference's vector comes from keyed state, so only the candidate is embedded. */
    public double score(float[] referenceEmbedding, String candidate) {
        return fromVectors(referenceEmbedding, embedder.embed(List.of(candidate))[0]);
    }

    @Override
    public double score(String reference, String candidate) {
        return scoreAll(List.of(new Pair(reference, candidate)))[0];
    }

    /** One batched inference over the distinct texts of all pairs (references often repeat). */
    @Override
    public double[] scoreAll(List<Pair> pairs) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Pair p : pairs) {
            index.putIfAbsent(p.reference(), index.size());
            index.putIfAbsent(p.candidate(), index.size());
        }
        float[][] vectors = embedder.embed(new ArrayList<>(index.keySet()));
        double[] out = new double[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            Pair p = pairs.get(i);
            out[i] = fromVectors(vectors[index.get(p.reference())], vectors[index.get(p.candidate())]);
        }
        return out;
    }

    /** Both texts empty (zero vectors) agree; one empty scores 0. */
    public static double fromVectors(float[] reference, float[] candidate) {
        boolean refEmpty = isZero(reference);
        boolean candEmpty = isZero(candidate);
        if (refEmpty || candEmpty) {
            return refEmpty && candEmpty ? 1.0 : 0.0;
        }
        return Math.min(1.0, Math.max(0.0, Vectors.dot(reference, candidate)));
    }

    private static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }
}
