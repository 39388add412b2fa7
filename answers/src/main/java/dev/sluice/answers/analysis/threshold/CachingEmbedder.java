package dev.sluice.answers.analysis.threshold;

import dev.sluice.scoring.embed.Embedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An embedder that remembers every text's vector, so an experiment that scores one answer against
 * several references (a best answer is one question's positive and another's negative) runs the
 * model on each distinct text once. The vectors are the model's own: only the number of calls
 * changes, never a score. Bounded by the experiment's texts (a few thousand vectors of 384 floats).
 */
public final class CachingEmbedder implements Embedder {
    private final Embedder model;
    private final Map<String, float[]> cache = new HashMap<>();
    private long embedded;

    public CachingEmbedder(Embedder model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public synchronized float[][] embed(List<String> texts) {
        LinkedHashSet<String> missing = new LinkedHashSet<>();
        for (String t : texts) {
            if (!cache.containsKey(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            List<String> batch = new ArrayList<>(missing);
            float[][] vectors = model.embed(batch);
            for (int i = 0; i < vectors.length; i++) {
                cache.put(batch.get(i), vectors[i]);
            }
            embedded += batch.size();
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = cache.get(texts.get(i));
        }
        return out;
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    /** How many texts reached the model. */
    public synchronized long embedded() {
        return embedded;
    }
}
