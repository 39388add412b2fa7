package dev.sluice.platform.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.platform.kafka.Json;
import java.io.PrintStream;
import java.util.Map;

/**
 * The one summary every demo, load run and benchmark ends with, on standard output: an aligned
 * {@code key  value} table for people, or one JSON line for scripts. A null value means "not
 * measured in this run": the table leaves it out, the JSON line keeps it as {@code null}.
 */
public final class Summary {
    private Summary() {}

    public static void print(Map<String, ?> values, boolean json) {
        print(values, json, System.out);
    }

    public static void print(Map<String, ?> values, boolean json, PrintStream out) {
        out.print(json ? json(values) + System.lineSeparator() : table(values));
    }

    /** One JSON object on one line. */
    public static String json(Map<String, ?> values) {
        try {
            return Json.mapper().writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary value cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** A blank line, then one indented line per non-null value, the values aligned in one column. */
    public static String table(Map<String, ?> values) {
        int width = values.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .mapToInt(e -> e.getKey().length())
                .max()
                .orElse(0);
        StringBuilder s = new StringBuilder(System.lineSeparator());
        values.forEach((k, v) -> {
            if (v != null) {
                s.append(String.format("  %-" + width + "s  %s%n", k, v));
            }
        });
        return s.toString();
    }
}
