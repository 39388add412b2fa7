package dev.sluice.answers.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SQuAD-style token F1: the harmonic mean of precision and recall of the candidate's word bag
 * against the reference's, after normalising both (lower case, punctuation out, articles "a",
 * "an", "the" dropped). Cheap and deterministic, so it is the first metric; it rewards shared
 * words, not shared meaning, which the semantic scorer of the scoring module addresses.
 *
 * <p>Unlike SQuAD, punctuation becomes a space rather than vanishing: Yahoo! text often lacks the
 * space after a full stop, and "end.Start" should stay two words, not become "endstart".
 */
public final class TokenF1Scorer implements Scorer {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "token_f1";

    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}\\p{IsPunctuation}]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    @Override
    public double score(String reference, String candidate) {
        List<String> ref = tokens(reference);
        if (ref.isEmpty()) {
            // nothing to compare against: a score of 0 would send the question round the loop for nothing
            throw new IllegalArgumentException(
                    "reference answer has no words after normalisation; cannot score against it");
        }
        List<String> cand = tokens(candidate);
        if (cand.isEmpty()) {
            return 0.0;
        }
        Map<String, Integer> refCounts = counts(ref);
        int overlap = 0;
        for (Map.Entry<String, Integer> e : counts(cand).entrySet()) {
            overlap += Math.min(e.getValue(), refCounts.getOrDefault(e.getKey(), 0));
        }
        if (overlap == 0) {
            return 0.0;
        }
        double precision = (double) overlap / cand.size();
        double recall = (double) overlap / ref.size();
        return 2 * precision * recall / (precision + recall);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The normalised tokens of a text; visible for tests. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String cleaned = PUNCTUATION.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        for (String token : WHITESPACE.split(cleaned.strip())) {
            if (!token.isEmpty() && !ARTICLES.contains(token)) {
                out.add(token);
            }
        }
        return out;
    }

    private static Map<String, Integer> counts(List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        tokens.forEach(t -> counts.merge(t, 1, Integer::sum));
        return counts;
    }
}
