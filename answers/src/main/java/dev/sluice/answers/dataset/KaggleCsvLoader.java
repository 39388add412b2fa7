package dev.sluice.answers.dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * The Kaggle "yahoo_answers_csv" layout: no header, four columns {@code class (1-10), title, content,
 * best answer}, RFC 4180 quoting with doubled quotes, newlines written as the two characters {@code \n}.
 */
public final class KaggleCsvLoader implements DatasetLoader {
    static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    @Override
    public LoadResult load(Reader in) {
        RowCollector rows = new RowCollector();
        try (CSVParser parser = CSVParser.parse(in, FORMAT)) {
            Csv.forEach(parser, r -> {
                if (r.size() < 4) {
                    rows.skip(LoadResult.MALFORMED);
                } else {
                    rows.add(null, r.get(1), r.get(2), r.get(3), r.get(0));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.result();
    }
}
