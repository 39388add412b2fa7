package dev.sluice.answers.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A table of results: one CSV file behind a chart, and the same rows as a Markdown table. Numbers
 * are written with {@link Locale#ROOT}; doubles with up to 4 decimals in Markdown, full in CSV.
 */
public final class Table {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    public Table(String... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = List.of(columns);
    }

    public Table add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(
                    "row has " + values.length + " values for " + columns.size() + " columns " + columns);
        }
        rows.add(java.util.Arrays.asList(values));
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public List<List<Object>> rows() {
        return List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Writes the CSV (RFC 4180 quoting) and returns its path. */
    public Path writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<Object> r : rows) {
            csv.append(r.stream().map(Table::csvCell).collect(Collectors.joining(",")))
                    .append('\n');
        }
        Files.writeString(file, csv);
        return file;
    }

    public String markdown() {
        StringBuilder md =
                new StringBuilder("| ").append(String.join(" | ", columns)).append(" |\n|");
        md.append("---|".repeat(columns.size())).append('\n');
        for (List<Object> r : rows) {
            md.append("| ")
                    .append(r.stream().map(Table::mdCell).collect(Collectors.joining(" | ")))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String csvCell(Object v) {
        String s = v == null ? "" : v instanceof Double d ? Double.toString(d) : String.valueOf(v);
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String mdCell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d)
                    ? "–"
                    : String.format(Locale.ROOT, "%.4f", d)
                            .replaceAll("0+$", "")
                            .replaceAll("\\.$", "");
        }
        return String.valueOf(v).replace("|", "\\|").replace("\n", " ");
    }
}
