package dev.sluice.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SQuAD-style answer normalisation (lowercase, drop punctuation, drop the articles a/an/the,
 * split on whitespace) of the {@link TextCleaner#forComparison cleaned} text, extended to Unicode
 * punctuation and symbols so non-ASCII text tokenises sensibly instead of keeping "word," and
 * "word" apart. Unlike SQuAD, punctuation becomes a space rather than vanishing: Yahoo! text often
 * lacks the space after a full stop, and "end.Start" should stay two words, not become "endstart".
 */
public final class Tokens {

    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private Tokens() {}

    /**
     * The tokens of {@code text}: in one pass over the cleaned, lower-cased text, a token ends at
     * whitespace ({@code [ \t\n\x0B\f\r]}) or at any Unicode punctuation or symbol character (the
     * categories {@code \p{P}} and {@code \p{S}}); articles are dropped. The same tokens as replacing
     * {@code [\p{P}\p{S}]+} by a space and splitting on {@code \s+} ({@code TokensTest} checks both
     * on the real data), without two regular-expression passes: this runs for every attempt the
     * scoring job sees.
     */
    public static List<String> normalise(String text) {
        String s = TextCleaner.forComparison(text).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (separates(cp)) {
                if (start >= 0) {
                    add(out, s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            add(out, s.substring(start));
        }
        return out;
    }

    private static void add(List<String> out, String token) {
        if (!ARTICLES.contains(token)) {
            out.add(token);
        }
    }

    private static boolean separates(int cp) {
        if (cp == ' ' || (cp >= '\t' && cp <= '\r')) {
            return true;
        }
        if (cp < 0x80) {
            // every printable ASCII character that is not a letter or digit is punctuation or a symbol
            return cp > ' ' && cp < 0x7F && !Character.isLetterOrDigit(cp);
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
