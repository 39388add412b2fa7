package dev.sluice.answers.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Question ids: given by the client, or derived from the question itself. A derived id is the
 * first 16 hex digits of SHA-256 over the normalised title and content (Unicode NFKC, lower case,
 * runs of whitespace as one space, trimmed), so the same question asked twice with different
 * spacing or capitals gets the same id and hits the cache instead of being answered twice. The
 * best answer is left out on purpose: it is the reference, not part of the question.
 */
public final class QuestionIds {
    /** Ids travel in URLs, Kafka keys and logs: letters, digits and {@code . _ : -}, at most 128. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private QuestionIds() {}

    public static String derive(String title, String content) {
        String text = normalise(title) + '\u0000' + normalise(content == null ? "" : content);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    static String normalise(String text) {
        String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(nfkc).replaceAll(" ").strip();
    }
}
