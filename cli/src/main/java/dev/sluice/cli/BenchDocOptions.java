package dev.sluice.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --out}, declared once for every benchmark: the Markdown file whose section the benchmark replaces. */
public final class BenchDocOptions {
    @Option(
            names = "--out",
            defaultValue = "docs/benchmarks.md",
            description =
                    "Markdown file whose section of this benchmark is replaced (default: ${DEFAULT-VALUE}); '-' for none")
    String out;

    /** The file to write, or empty for {@code --out -}. */
    public Optional<Path> file() {
        return "-".equals(out) ? Optional.empty() : Optional.of(Path.of(out));
    }
}
