package dev.sluice.scoring;

import java.util.Objects;

/** A reference answer and a candidate answer to compare. Null is rejected; empty text is allowed. */
public record Pair(String reference, String candidate) {
    public Pair {
        Objects.requireNonNull(reference, "reference must not be null (use \"\" for a missing answer)");
        Objects.requireNonNull(candidate, "candidate must not be null (use \"\" for a missing answer)");
    }
}
