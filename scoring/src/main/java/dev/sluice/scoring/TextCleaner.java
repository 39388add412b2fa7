package dev.sluice.scoring;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Undoes the two kinds of mess in the Yahoo! Answers dumps before any metric sees the text:
 * newlines written as the two characters {@code \n}, and UTF-8 that was decoded as Windows-1252
 * ("mojibake": {@code cafÃ©}, {@code donâ€™t}). Repair is attempted only when typical mojibake
 * lead characters occur and only kept when the round trip is lossless, so correct non-ASCII text
 * (e.g. {@code café}, {@code 日本}) is never changed.
 */
public final class TextCleaner {

    private static final Pattern LITERAL_NEWLINES = Pattern.compile("(\\\\r)?\\\\n|\\\\t");
    private static final Pattern MOJIBAKE_HINT = Pattern.compile("[ÃÂâð][\\u0080-\\u00BF\\u0152-\\u2122]");
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private TextCleaner() {}

    public static String clean(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = LITERAL_NEWLINES.matcher(text).replaceAll(" ");
        s = repairMojibake(s);
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    static String repairMojibake(String s) {
        if (!MOJIBAKE_HINT.matcher(s).find()) {
            return s;
        }
        try {
            ByteBuffer bytes = CP1252.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException notMojibake) {
            return s; // mixed or genuine text: leave it as it is rather than guess
        }
    }
}
