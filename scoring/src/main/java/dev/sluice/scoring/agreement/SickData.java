package dev.sluice.scoring.agreement;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads SICK.txt (tab-separated, header row, no quoting; the last line may end in CR). */
public final class SickData {

    private SickData() {}

    public static List<SickPair> read(Path file) throws IOException {
        CSVFormat format = CSVFormat.TDF
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setQuote(null)
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .get();
        List<SickPair> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                var parser = format.parse(in)) {
            for (String col : List.of("sentence_A", "sentence_B", "relatedness_score", "SemEval_set")) {
                if (!parser.getHeaderMap().containsKey(col)) {
                    throw new IOException(
                            file + " has no column '" + col + "'; is it SICK.txt? Header: " + parser.getHeaderNames());
                }
            }
            for (CSVRecord r : parser) {
                try {
                    out.add(new SickPair(
                            r.get("sentence_A"),
                            r.get("sentence_B"),
                            Double.parseDouble(r.get("relatedness_score")),
                            r.get("SemEval_set").strip()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " line " + parser.getCurrentLineNumber() + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
