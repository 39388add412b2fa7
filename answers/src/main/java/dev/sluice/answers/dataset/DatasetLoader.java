package dev.sluice.answers.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads question/best-answer pairs from CSV. Implementations skip and count unusable rows. */
public interface DatasetLoader {
    /** Reads every row; the caller closes the reader. */
    LoadResult load(Reader in);

    default LoadResult load(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The loader for a file's layout: a first record with a cell named like a title column
     * ({@code question_title} or {@code title}) means a headered CSV; anything else is taken as the
     * Kaggle layout (no header, four columns).
     */
    static DatasetLoader forFile(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, KaggleCsvLoader.FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (records.hasNext()) {
                for (String cell : records.next()) {
                    if (HeaderedCsvLoader.TITLE.contains(cell.strip().toLowerCase(Locale.ROOT))) {
                        return new HeaderedCsvLoader();
                    }
                }
            }
            return new KaggleCsvLoader();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + file + ": " + e.getMessage(), e);
        }
    }

    static LoadResult loadAny(Path file) {
        return forFile(file).load(file);
    }
}
