package dev.sluice.answers.dataset;

import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Commons CSV's parse errors made actionable: they name the line to look at. */
final class Csv {
    private Csv() {}

    /** Streams the records (the Kaggle files have 1.4 M rows, so no intermediate list). */
    static void forEach(CSVParser parser, Consumer<CSVRecord> action) {
        try {
            parser.forEach(action);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(
                    "the CSV is malformed near line " + parser.getCurrentLineNumber() + " ("
                            + e.getCause().getMessage()
                            + "); check its quoting: a quote inside a quoted field must be doubled",
                    e);
        }
    }
}
