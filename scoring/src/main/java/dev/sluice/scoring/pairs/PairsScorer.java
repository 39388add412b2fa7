package dev.sluice.scoring.pairs;

import dev.sluice.scoring.Composite;
import dev.sluice.scoring.Pair;
import dev.sluice.scoring.StandardMetrics;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code sluice score pairs FILE}: scores anyone's own reference/candidate pairs offline. Reads a
 * CSV or TSV with a header row and writes the same rows, in the same format, with one column per
 * metric plus {@code composite}. Rows are scored in chunks so the models see batches while memory
 * stays bounded for big files.
 */
public final class PairsScorer {

    /** Rows per batched inference: large enough to amortise ONNX calls, small enough to stream. */
    static final int CHUNK = 256;

    private PairsScorer() {}

    /**
     * Scores with the standard metrics and default composite; loads the models once.
     *
     * @return 0 on success, 2 when the input cannot be read or lacks a named column
     */
    public static int run(Path in, Path out, String refCol, String candCol, PrintStream log) {
        try (SentenceEncoders models = SentenceEncoders.load()) {
            return run(
                    in, out, refCol, candCol, StandardMetrics.composite(models, StandardMetrics.DEFAULT_CONFIG), log);
        }
    }

    /** As {@link #run(Path, Path, String, String, PrintStream)} with a given composite (tests, other configs). */
    public static int run(Path in, Path out, String refCol, String candCol, Composite composite, PrintStream log) {
        CSVFormat format = formatOf(in);
        try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                CSVParser parser = format.builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(reader)) {
            List<String> header = parser.getHeaderNames();
            for (String col : List.of(refCol, candCol)) {
                if (!header.contains(col)) {
                    log.println(in + " has no column '" + col + "'; its columns are " + header
                            + " (name them with --reference-column/--candidate-column)");
                    return 2;
                }
            }
            List<String> outHeader = new ArrayList<>(header);
            composite.metrics().forEach(m -> outHeader.add(m.name()));
            outHeader.add(Composite.NAME);
            int rows = 0;
            try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                    CSVPrinter printer = format.builder()
                            .setHeader(outHeader.toArray(String[]::new))
                            .get()
                            .print(writer)) {
                List<CSVRecord> chunk = new ArrayList<>(CHUNK);
                for (CSVRecord r : parser) {
                    chunk.add(r);
                    if (chunk.size() == CHUNK) {
                        rows += writeChunk(chunk, header.size(), refCol, candCol, composite, printer);
                        chunk.clear();
                    }
                }
                rows += writeChunk(chunk, header.size(), refCol, candCol, composite, printer);
            }
            log.printf("scored %d pairs from %s into %s%n", rows, in, out);
            return 0;
        } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
            log.println("cannot score " + in + ": " + e.getMessage());
            return 2;
        }
    }

    private static int writeChunk(
            List<CSVRecord> chunk, int columns, String refCol, String candCol, Composite composite, CSVPrinter printer)
            throws IOException {
        if (chunk.isEmpty()) {
            return 0;
        }
        List<Pair> pairs = new ArrayList<>(chunk.size());
        for (CSVRecord r : chunk) {
            pairs.add(new Pair(value(r, refCol), value(r, candCol)));
        }
        Map<String, double[]> scores = composite.scoreAllDetailed(pairs);
        for (int i = 0; i < chunk.size(); i++) {
            List<String> row = new ArrayList<>(columns + scores.size());
            CSVRecord r = chunk.get(i);
            for (int c = 0; c < columns; c++) {
                row.add(c < r.size() ? r.get(c) : ""); // a short row keeps its place instead of failing the file
            }
            for (double[] col : scores.values()) {
                row.add(String.format(Locale.ROOT, "%.4f", col[i]));
            }
            printer.printRecord(row);
        }
        return chunk.size();
    }

    private static String value(CSVRecord r, String col) {
        return r.isSet(col) ? r.get(col) : "";
    }

    /** TSV for .tsv/.tab files or a header with tabs and no commas; CSV (RFC 4180) otherwise. */
    static CSVFormat formatOf(Path in) {
        String name = in.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean tsv = name.endsWith(".tsv") || name.endsWith(".tab");
        if (!tsv && !name.endsWith(".csv")) {
            try (Reader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
                String first = new BufferedReader(r).readLine();
                tsv = first != null && first.contains("\t") && !first.contains(",");
            } catch (IOException e) {
                // unreadable: fall through to CSV and let the parser report the real error
            }
        }
        return tsv ? CSVFormat.TDF : CSVFormat.RFC4180;
    }
}
