package dev.sluice.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SQuAD-style answer normalisation (lowercase, drop punctuation, drop the articles a/an/the,
 * split on whitespace) of the {@link TextCleaner#forComparison cleaned} text, extended to Unicode
 * punctuation and symbols so non-ASCII text tokenises sensibly instead of keeping "word," and
 * "word" apart. Unlike SQuAD, punctuation becomes a space rather than vanishing: Yahoo! text often
 * lacks the space after a full stop, and "end.Start" should stay two words, not become "endstart".
 */
public final class Tokens {

    private static final Pattern PUNCT = Pattern.compile("[\\p{P}\\p{S}]+");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private Tokens() {}

    public static List<String> normalise(String text) {
        String s = TextCleaner.forComparison(text).toLowerCase(Locale.ROOT);
        s = PUNCT.matcher(s).replaceAll(" ");
        List<String> out = new ArrayList<>();
        for (String t : SPACE.split(s.strip())) {
            if (!t.isEmpty() && !ARTICLES.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
