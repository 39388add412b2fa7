package dev.sluice.answers.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every experiment gets: the report directory (charts and CSVs go straight into it), whether
 * this is the quick run (CI: the same sections and charts from less data, in seconds), the seed
 * every random choice derives from, the Yahoo! data directory ({@code ../shared/data/yahoo} or the
 * sample Sluice writes), and a progress log for the person waiting.
 */
public record ExperimentContext(Path dir, boolean quick, long seed, Path yahooData, Consumer<String> log) {
    public ExperimentContext {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(log, "log");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("report directory " + dir + " does not exist");
        }
    }

    /** A file in the report directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }
}
