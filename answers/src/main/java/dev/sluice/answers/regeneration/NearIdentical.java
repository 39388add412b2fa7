package dev.sluice.answers.regeneration;

import dev.sluice.scoring.Tokens;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When a regeneration counts as the same answer again, which ends the feedback loop: the two texts'
 * tokens are equal after the scorer's own normalisation ({@link Tokens#normalise}: cleaned,
 * lower-cased, punctuation and articles gone), or the Jaccard similarity of their word sets
 * ({@code |A ∩ B| / |A ∪ B|}) is at least the bound ({@code answers.regeneration.near-identical},
 * 0.8 by default).
 *
 * <p>Why word sets and not the scorer's embedding similarity: the question is "did the model say the
 * same thing again", not "does it mean the same". A rephrasing in other words is a fresh draw that
 * deserves its score and may pass; the same words shuffled, with a sentence added or dropped, are not.
 * Jaccard needs no model and no inference (the decider runs it for every regeneration), gives the
 * same answer on every machine, and is easy to explain. At 0.8 a regeneration must share 80% of the
 * union of words: an unchanged answer with one sentence of twenty words added to a hundred-word answer
 * still stops (100/120 = 0.83), while two samples of different content do not. Equality of the
 * normalised text is checked first so that two answers without any word (emoji only) still count.
 */
public final class NearIdentical {
    private NearIdentical() {}

    /**
     * @param previous the answer the regeneration replaces; blank means there is none (never near-identical)
     * @param bound Jaccard bound in [0, 1]
     */
    public static boolean test(String previous, String answer, double bound) {
        if (previous == null || previous.isBlank() || answer == null) {
            return false;
        }
        List<String> a = Tokens.normalise(previous);
        List<String> b = Tokens.normalise(answer);
        return a.equals(b) || jaccard(a, b) >= bound;
    }

    /** Jaccard similarity of the two token lists' sets; 1 when both are empty. */
    public static double jaccard(List<String> a, List<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 1;
        }
        Set<String> common = new HashSet<>(a);
        common.retainAll(new HashSet<>(b));
        return (double) common.size() / union.size();
    }

    /** {@link #jaccard(List, List)} of two texts' normalised tokens. */
    public static double jaccard(String a, String b) {
        return jaccard(Tokens.normalise(a), Tokens.normalise(b));
    }
}
