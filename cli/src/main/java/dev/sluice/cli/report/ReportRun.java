package dev.sluice.cli.report;

import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the report's experiments one after the other, each on its own: one that throws (or returns a
 * section that names a file it did not write) is recorded as failed with the reason, and the next
 * one runs. Progress goes to {@code progress}, one line as each starts and one as it ends.
 */
final class ReportRun {
    /** One experiment's result: its section, or why it has none. */
    record Outcome(Experiment experiment, Section section, String failure, String trace, Duration elapsed) {
        boolean ok() {
            return section != null;
        }
    }

    private ReportRun() {}

    static List<Outcome> run(List<Experiment> experiments, ExperimentContext context, Consumer<String> progress) {
        List<Outcome> outcomes = new ArrayList<>();
        int i = 0;
        for (Experiment e : experiments) {
            i++;
            String tag = "[" + i + "/" + experiments.size() + "] " + e.id();
            progress.accept(tag + ": " + e.title() + " ...");
            long start = System.nanoTime();
            Outcome outcome;
            try {
                Section section = e.run(context);
                String problem = check(e, section, context.dir());
                outcome = problem == null
                        ? new Outcome(e, section, null, null, since(start))
                        : new Outcome(e, null, problem, null, since(start));
            } catch (Exception | LinkageError | AssertionError failure) {
                // LinkageError too: an experiment whose library is missing must not take the others down
                outcome = new Outcome(e, null, failure.toString(), trace(failure), since(start));
            }
            outcomes.add(outcome);
            progress.accept(String.format(
                    Locale.ROOT,
                    "%s: %s in %.1f s%s",
                    tag,
                    outcome.ok() ? "done" : "FAILED",
                    outcome.elapsed().toMillis() / 1000.0,
                    outcome.ok() ? " (" + outcome.section().files().size() + " files)" : ": " + outcome.failure()));
        }
        return outcomes;
    }

    /** What is wrong with a returned section (its id, a file it lists), or null. */
    static String check(Experiment e, Section section, Path dir) throws IOException {
        if (section == null) {
            return "returned no section";
        }
        if (!e.id().equals(section.id())) {
            return "returned the section of '" + section.id() + "', not '" + e.id() + "'";
        }
        for (Path listed : section.files()) {
            Path file = listed.isAbsolute() ? listed : dir.resolve(listed);
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return "lists " + file.getFileName() + ", which is missing or empty";
            }
        }
        return null;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String trace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString().lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
