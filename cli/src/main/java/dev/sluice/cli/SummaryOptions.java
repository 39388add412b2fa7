package dev.sluice.cli;

import dev.sluice.platform.report.Summary;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --json}, declared once for every demo, load and benchmark command: how the final summary is printed. */
public final class SummaryOptions {
    @Option(names = "--json", description = "end with one JSON line with all results, for scripts")
    boolean json;

    public boolean json() {
        return json;
    }

    /** The run's summary on standard output: an aligned table, or one JSON line with {@code --json}. */
    public void print(Map<String, ?> summary) {
        Summary.print(summary, json);
    }
}
