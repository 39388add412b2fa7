package dev.sluice.scoring;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes the scrapes' damage to Yahoo! Answers text, the one place that does, so the dataset
 * loaders, the metrics and the embedders all see the same text:
 * <ul>
 *   <li>the two characters {@code \n} (the Kaggle export's newline) become a real newline;</li>
 *   <li>{@code ''}, the scrape's stand-in for both quote characters: inside a word
 *       ({@code you''ll}) it becomes {@code '}, elsewhere ({@code ''star wars''}, {@code 12''}) {@code "};</li>
 *   <li>mojibake: UTF-8 bytes once decoded as code page 437 ({@code ΓÇÖ} for {@code ’},
 *       {@code ├⌐} for {@code é}, {@code ┬░} for {@code °}) are re-decoded. A run of non-ASCII
 *       characters is only replaced when its CP437 bytes form valid UTF-8, so genuine text
 *       ({@code Köln}, {@code 日本}, {@code God’s}) is left alone.</li>
 * </ul>
 *
 * <p>Why CP437 and not Windows-1252 ({@code donâ€™t}), the commoner mojibake elsewhere: every
 * damaged run in the shared 4,387-row sample is CP437 (414 runs in 150 fields) and none is
 * Windows-1252 (TextCleanerTest reads that file and checks both).
 */
public final class TextCleaner {
    private static final Pattern NON_ASCII_RUN = Pattern.compile("[^\\x00-\\x7F]{2,}");
    private static final Pattern IN_WORD_APOSTROPHE = Pattern.compile("(?<=\\p{L})''(?=\\p{L})");
    private static final Charset CP437 = cp437();

    private TextCleaner() {}

    /**
     * The text as its author wrote it, stripped; {@code ""} for null. Lossless apart from the
     * repairs above, so it is the form to store and show.
     */
    public static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        String text = raw;
        if (text.indexOf('\\') >= 0) {
            text = text.replace("\\r\\n", "\n").replace("\\n", "\n");
        }
        if (text.contains("''")) {
            text = IN_WORD_APOSTROPHE.matcher(text).replaceAll("'").replace("''", "\"");
        }
        return (isAscii(text) ? text : repairMojibake(text)).strip();
    }

    /**
     * {@link #clean} and then NFKC, the form metrics compare: full-width letters become ASCII,
     * {@code x²} matches {@code x2}, ligatures split. Lossy, so only for scoring, never for storage.
     */
    public static String forComparison(String raw) {
        String cleaned = clean(raw);
        // ASCII is its own NFKC form; most answers are ASCII, and this runs for every scored attempt
        return isAscii(cleaned) ? cleaned : Normalizer.normalize(cleaned, Normalizer.Form.NFKC);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static String repairMojibake(String text) {
        if (CP437 == null) {
            return text;
        }
        Matcher m = NON_ASCII_RUN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(redecode(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String redecode(String run) {
        if (!CP437.newEncoder().canEncode(run)) {
            return run;
        }
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return strict.decode(ByteBuffer.wrap(run.getBytes(CP437))).toString();
        } catch (CharacterCodingException notMojibake) {
            return run;
        }
    }

    // IBM437 lives in jdk.charsets, which a jlinked runtime may leave out; then text stays as read.
    private static Charset cp437() {
        try {
            return Charset.forName("IBM437");
        } catch (UnsupportedCharsetException e) {
            return null;
        }
    }
}
