package dev.sluice.answers.scoring;

import dev.sluice.scoring.embed.Embedder;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a sentence-embedding model in operator tests: a bag of hashed words, normalised,
 * so identical texts score 1 and texts without shared words 0. Records every call, which is what
 * the tests assert on (how many texts reached "the model"). A text containing {@link #POISON}
 * makes the call fail, as an ONNX error would.
 */
final class CountingEmbedder implements Embedder {
    static final String POISON = "kaboom";
    static final int DIMENSION = 64;
    // static: the harness may copy the operator, and the scorer's metric source rebuilds embedders
    static final List<List<String>> CALLS = new CopyOnWriteArrayList<>();

    static void reset() {
        CALLS.clear();
    }

    static int textsEmbedded() {
        return CALLS.stream().mapToInt(List::size).sum();
    }

    @Override
    public float[][] embed(List<String> texts) {
        CALLS.add(List.copyOf(texts));
        float[][] out = new float[texts.size()][DIMENSION];
        for (int t = 0; t < texts.size(); t++) {
            if (texts.get(t).contains(POISON)) {
                throw new IllegalStateException("ONNX inference failed on a batch of " + texts.size() + " texts");
            }
            double norm = 0;
            for (String w : texts.get(t).toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!w.isEmpty()) {
                    out[t][Math.floorMod(w.hashCode(), DIMENSION)] += 1;
                }
            }
            for (float v : out[t]) {
                norm += v * v;
            }
            for (int d = 0; d < DIMENSION && norm > 0; d++) {
                out[t][d] /= (float) Math.sqrt(norm);
            }
        }
        return out;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }
}
