package dev.sluice.scoring.agreement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces the generated part of a hand-written Markdown file between two marker comments, so a
 * re-run refreshes the numbers without erasing the prose around them.
 */
final class MarkdownSection {

    private MarkdownSection() {}

    static void write(Path file, String id, String content) throws IOException {
        String start = "<!-- " + id + ":start (generated, do not edit) -->";
        String end = "<!-- " + id + ":end -->";
        String block = start + "\n" + content.strip() + "\n" + end;
        String doc = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        int s = doc.indexOf(start);
        int e = doc.indexOf(end);
        String updated;
        if (s >= 0 && e > s) {
            updated = doc.substring(0, s) + block + doc.substring(e + end.length());
        } else {
            updated = doc.isEmpty() ? block + "\n" : doc.stripTrailing() + "\n\n" + block + "\n";
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
