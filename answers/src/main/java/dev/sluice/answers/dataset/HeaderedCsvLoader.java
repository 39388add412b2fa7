package dev.sluice.answers.dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV with a header row, columns found by name (case-insensitive), as in
 * {@code ../shared/data/yahoo/yahoo-answers-4387.csv}: {@code question_id,question_title,best_answer}.
 * Title and answer columns are required; id, content and category are optional.
 */
public final class HeaderedCsvLoader implements DatasetLoader {
    static final List<String> ID = List.of("question_id", "id");
    static final List<String> TITLE = List.of("question_title", "title");
    static final List<String> CONTENT = List.of("question_content", "content", "body");
    static final List<String> ANSWER = List.of("best_answer", "answer");
    static final List<String> CATEGORY = List.of("class_index", "category", "topic");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .get();

    @Override
    public LoadResult load(Reader in) {
        RowCollector rows = new RowCollector();
        try (CSVParser parser = CSVParser.parse(in, FORMAT)) {
            Map<String, Integer> header = parser.getHeaderMap();
            int title = required(header, TITLE);
            int answer = required(header, ANSWER);
            Optional<Integer> id = column(header, ID);
            Optional<Integer> content = column(header, CONTENT);
            Optional<Integer> category = column(header, CATEGORY);
            Csv.forEach(parser, r -> {
                if (r.size() <= Math.max(title, answer)) {
                    rows.skip(LoadResult.MALFORMED);
                } else {
                    rows.add(get(r, id), r.get(title), get(r, content), r.get(answer), get(r, category));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.result();
    }

    private static String get(CSVRecord r, Optional<Integer> column) {
        return column.filter(i -> i < r.size()).map(r::get).orElse(null);
    }

    private static int required(Map<String, Integer> header, List<String> names) {
        return column(header, names)
                .orElseThrow(
                        () -> new IllegalArgumentException(
                                "the CSV header " + header.keySet() + " has no column named "
                                        + String.join(" or ", names)
                                        + "; rename the column, or use the Kaggle layout (no header: class, title, content, best answer)"));
    }

    private static Optional<Integer> column(Map<String, Integer> header, List<String> names) {
        if (header == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, Integer> e : header.entrySet()) {
            if (e.getKey() != null && names.contains(e.getKey().strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
