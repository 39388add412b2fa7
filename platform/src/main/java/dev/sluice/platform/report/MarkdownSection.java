package dev.sluice.platform.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark's own section of a hand-written Markdown file (docs/benchmarks.md), between
 * {@code <!-- bench:ID:start -->} and {@code <!-- bench:ID:end -->}: a rerun replaces only its own
 * section and leaves the prose and the other benchmarks' sections as they were; a missing section
 * is appended. The one writer every benchmark uses.
 */
public final class MarkdownSection {
    static final String NEW_FILE =
            "# Benchmarks\n\nEvery number here comes from a command in this repository; rerun it to check.\n\n";

    private final String id;

    private MarkdownSection(String id) {
        if (id == null || !id.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException(
                    "a section id is lower-case letters, digits or '-', like 'orders': " + id);
        }
        this.id = id;
    }

    public static MarkdownSection of(String id) {
        return new MarkdownSection(id);
    }

    public String start() {
        return "<!-- bench:" + id + ":start -->";
    }

    public String end() {
        return "<!-- bench:" + id + ":end -->";
    }

    /** {@code body} between this section's markers, each marker on a line of its own. */
    public String wrap(String body) {
        return start() + "\n" + body + (body.endsWith("\n") ? "" : "\n") + end() + "\n";
    }

    /** {@code existing} with this section (markers included) replaced by {@code section}, or with it appended. */
    public String replace(String existing, String section) {
        int s = existing.indexOf(start());
        int e = existing.indexOf(end(), Math.max(0, s));
        if (s >= 0 && e > s) {
            int after = e + end().length();
            if (after < existing.length() && existing.charAt(after) == '\n') {
                after++;
            }
            return existing.substring(0, s) + section + existing.substring(after);
        }
        return existing
                + (existing.endsWith("\n\n") || existing.isEmpty() ? "" : existing.endsWith("\n") ? "\n" : "\n\n")
                + section;
    }

    /** One table row, {@code | a | b | c |}, without the line break; a cell shows {@code String.valueOf} of its value. */
    public static String row(Object... cells) {
        StringBuilder s = new StringBuilder("|");
        for (Object c : cells) {
            s.append(' ').append(c).append(" |");
        }
        return s.toString();
    }

    /** Writes {@code body}, wrapped in the markers, into {@code file} (created with a heading if missing). */
    public void write(Path file, String body) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : NEW_FILE;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, replace(existing, wrap(body)));
        System.err.println("wrote " + file.toAbsolutePath());
    }
}
