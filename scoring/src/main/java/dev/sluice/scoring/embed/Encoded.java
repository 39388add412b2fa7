package dev.sluice.scoring.embed;

import java.util.Objects;

/**
 * What one pass of the model yields for one text: the pooled sentence vector (unit length, or all
 * zeros for an empty text) and one unit-length vector per content token (no [CLS]/[SEP]), which
 * BERTScore-style matching needs.
 */
public record Encoded(float[] sentence, float[][] tokens) {
    public Encoded {
        Objects.requireNonNull(sentence, "sentence");
        Objects.requireNonNull(tokens, "tokens");
    }

    public boolean isEmpty() {
        return tokens.length == 0;
    }
}
