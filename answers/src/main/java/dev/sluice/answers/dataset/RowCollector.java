package dev.sluice.answers.dataset;

import dev.sluice.scoring.TextCleaner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared by the loaders: cleans fields, skips and counts bad rows, derives ids where the file has none. */
final class RowCollector {
    private final List<QaPair> pairs = new ArrayList<>();
    private final Map<String, Integer> reasons = new TreeMap<>();
    private int skipped;

    void add(String id, String title, String content, String answer, String category) {
        String t = TextCleaner.clean(title);
        String a = TextCleaner.clean(answer);
        if (t.isBlank()) {
            skip(LoadResult.NO_TITLE);
        } else if (a.isBlank()) {
            skip(LoadResult.NO_ANSWER);
        } else {
            String c = TextCleaner.clean(content);
            String key = id == null || id.isBlank() ? derivedId(t, c, a) : id.strip();
            pairs.add(new QaPair(key, t, c, a, category == null || category.isBlank() ? null : category.strip()));
        }
    }

    void skip(String reason) {
        skipped++;
        reasons.merge(reason, 1, Integer::sum);
    }

    LoadResult result() {
        return new LoadResult(pairs, skipped, reasons);
    }

    /**
     * The Kaggle layout has no ids. A content hash (16 hex digits, like the shared file's ids) keeps
     * the id stable across loads and machines, so it can serve as the idempotency key downstream.
     */
    static String derivedId(String title, String content, String answer) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest =
                    sha.digest((title + '\u0000' + content + '\u0000' + answer).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
