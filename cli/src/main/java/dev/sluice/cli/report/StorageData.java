package dev.sluice.cli.report;

import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.KaggleCsvLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The questions the storage experiment draws from, found in the report's Yahoo! directory: the full
 * Kaggle set when it is there ({@code test.csv}, 60,000 rows, or else {@code train.csv}, of which
 * the first {@value #KAGGLE_ROWS} rows are read: the Kaggle layout writes a newline inside a field
 * as the two characters {@code \n}, so a line is a row), then the 4,387-pair sample, then the sample
 * Sluice writes itself.
 */
record StorageData(List<QaPair> pairs, String description, boolean kaggle) {
    static final String SAMPLE = "yahoo-answers-4387.csv";
    static final int KAGGLE_ROWS = 25_000;

    static StorageData find(Path yahooDir) throws IOException {
        if (yahooDir != null) {
            for (String name : List.of("test.csv", "train.csv")) {
                Path kaggle = yahooDir.resolve(name);
                if (Files.isRegularFile(kaggle)) {
                    List<QaPair> pairs = firstRows(kaggle);
                    return new StorageData(
                            pairs,
                            "the full Yahoo! Answers set in the Kaggle layout (`" + shown(kaggle) + "`, first "
                                    + String.format("%,d", pairs.size()) + " usable rows)",
                            true);
                }
            }
            Path sample = yahooDir.resolve(SAMPLE);
            if (Files.isRegularFile(sample)) {
                List<QaPair> pairs = DatasetLoader.loadAny(sample).pairs();
                return new StorageData(
                        pairs,
                        "the " + String.format("%,d", pairs.size()) + "-pair Yahoo! Answers sample (`" + shown(sample)
                                + "`)",
                        false);
            }
        }
        List<QaPair> pairs = SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);
        return new StorageData(
                pairs,
                "Sluice's own generated sample (" + pairs.size() + " pairs; no Yahoo! data was found, see --yahoo)",
                false);
    }

    /** A path as the report shows it: relative to where the command runs, e.g. {@code ../shared/data/yahoo/...}. */
    static String shown(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return Path.of("").toAbsolutePath().relativize(absolute).toString();
        } catch (IllegalArgumentException e) {
            return absolute.toString();
        }
    }

    private static List<QaPair> firstRows(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String head = in.lines().limit(KAGGLE_ROWS).collect(Collectors.joining("\n"));
            return new KaggleCsvLoader().load(new StringReader(head)).pairs();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
