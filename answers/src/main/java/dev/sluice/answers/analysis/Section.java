package dev.sluice.answers.analysis;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An experiment's part of the report: Markdown (tables, {@code ![..](name.png)} links relative to
 * the report directory, the paragraph that answers the question), the files it wrote (PNG, CSV) so
 * the report's test can check each exists and is not empty, and its headline numbers for the
 * {@code --json} summary.
 */
public record Section(String id, String title, String markdown, List<Path> files, Map<String, Object> numbers) {
    public Section {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(markdown, "markdown");
        files = List.copyOf(files);
        // insertion order kept: the --json summary lists a section's numbers as the experiment put them
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }
}
