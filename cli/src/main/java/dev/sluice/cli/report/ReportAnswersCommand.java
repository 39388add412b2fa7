package dev.sluice.cli.report;

import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.cli.SeedOptions;
import dev.sluice.cli.SummaryOptions;
import dev.sluice.cli.report.ReportRun.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice report answers}: runs every experiment of {@link Experiments#all()} (or those named
 * by {@code --only}) into one directory, then writes {@code answers.md} and the same report as
 * {@code answers.pdf}. Wiring only: the experiments measure, {@link ReportRun} runs them,
 * {@link ReportMarkdown} and {@link ReportPdf} write.
 */
@Command(
        name = "answers",
        mixinStandardHelpOptions = true,
        description =
                "The answers analysis: every experiment's tables, charts (PNG) and CSVs, as answers.md and answers.pdf in --out.")
public final class ReportAnswersCommand implements Callable<Integer> {
    @Option(
            names = "--quick",
            description = "every table and chart from less data, in seconds per experiment (CI runs this)")
    boolean quick;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "docs/report",
            description = "where the report, its charts and CSVs go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--only",
            paramLabel = "ID",
            split = ",",
            description = "run only these experiments, e.g. --only storage (ids: see the report's contents)")
    List<String> only;

    @Option(
            names = "--yahoo",
            paramLabel = "DIR",
            description =
                    "the Yahoo! Answers data directory (default: ../shared/data/yahoo when it exists); with the Kaggle"
                            + " set's test.csv or train.csv in it, the storage experiment stores over 10,000 questions")
    Path yahoo;

    @Option(
            names = "--verbose",
            description = "keep the embedded services' INFO logs (by default only warnings show, so the progress lines"
                    + " stay readable)")
    boolean verbose;

    @Mixin
    SeedOptions seed;

    @Mixin
    SummaryOptions summary;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Experiment> chosen = choose(Experiments.all(), only);
        if (!verbose) {
            // the experiments start and stop whole embedded stacks; their INFO lines would bury the progress
            org.apache.logging.log4j.core.config.Configurator.setLevel(
                    "dev.sluice", org.apache.logging.log4j.Level.WARN);
        }
        Path dir = out.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path yahooDir = yahooDir();
        long start = System.nanoTime();
        ExperimentContext context = new ExperimentContext(dir, quick, seed.seed(), yahooDir, System.err::println);
        System.err.println(
                "sluice report answers: " + chosen.size() + " experiment(s) into " + dir + (quick ? " (quick)" : ""));

        List<Outcome> outcomes = ReportRun.run(chosen, context, System.err::println);

        String generated = ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
        String markdown = ReportMarkdown.compose(generated, command(), preface(yahooDir), outcomes);
        Path md = Files.writeString(dir.resolve("answers.md"), markdown);
        Path pdf = dir.resolve("answers.pdf");
        ReportPdf.write(markdown, dir, pdf);

        int files = 2
                + outcomes.stream()
                        .filter(Outcome::ok)
                        .mapToInt(o -> o.section().files().size())
                        .sum();
        List<String> failed = outcomes.stream()
                .filter(o -> !o.ok())
                .map(o -> o.experiment().id() + ": " + o.failure())
                .toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sections", outcomes.size());
        result.put("failed", failed.isEmpty() ? 0 : failed.size());
        result.put("files_written", files);
        result.put("report", md.toString());
        result.put("pdf", pdf.toString());
        result.put("elapsed_s", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        if (!failed.isEmpty()) {
            result.put("failures", failed);
        }
        if (summary.json()) {
            Map<String, Object> numbers = new LinkedHashMap<>();
            Map<String, Object> written = new LinkedHashMap<>();
            for (Outcome o : outcomes) {
                numbers.put(o.experiment().id(), o.ok() ? o.section().numbers() : Map.of("failed", o.failure()));
                written.put(
                        o.experiment().id(),
                        o.ok()
                                ? o.section().files().stream()
                                        .map(f -> dir.relativize(dir.resolve(f)).toString())
                                        .toList()
                                : List.of());
            }
            result.put("numbers", numbers);
            result.put("files", written);
        }
        summary.print(result);
        return failed.isEmpty() ? 0 : 1;
    }

    /** The experiments named by {@code --only}, in report order; all without it. */
    static List<Experiment> choose(List<Experiment> all, List<String> only) {
        if (only == null || only.isEmpty()) {
            return all;
        }
        List<String> known = all.stream().map(Experiment::id).toList();
        List<String> unknown = new ArrayList<>(only);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "--only: no experiment " + unknown + "; the ids are " + String.join(", ", known));
        }
        return all.stream().filter(e -> only.contains(e.id())).toList();
    }

    private Path yahooDir() {
        if (yahoo != null) {
            if (!Files.isDirectory(yahoo)) {
                throw new IllegalArgumentException("--yahoo: " + yahoo + " is not a directory; give the folder that"
                        + " holds yahoo-answers-4387.csv or the Kaggle set's test.csv/train.csv");
            }
            return yahoo.toAbsolutePath().normalize();
        }
        Path shared = Path.of("..", "shared", "data", "yahoo");
        return Files.isDirectory(shared) ? shared.toAbsolutePath().normalize() : null;
    }

    /** The command as typed (from the top command's arguments), for the report's header. */
    private String command() {
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        return "./sluice"
                + args.stream()
                        .map(a -> a.isEmpty() || a.matches(".*[\\s'\"$].*") ? "'" + a.replace("'", "'\\''") + "'" : a)
                        .map(a -> " " + a)
                        .collect(Collectors.joining());
    }

    private String preface(Path yahooDir) {
        String data = yahooDir == null
                ? "No Yahoo! Answers data was found (`../shared/data/yahoo` is missing and `--yahoo` was not given),"
                        + " so sections that need it fall back to Sluice's own generated sample and say so."
                : "Yahoo! Answers question/best-answer pairs from `" + StorageData.shown(yahooDir)
                        + "`: the 4,387-pair sample of the"
                        + " Kaggle set (`yahoo-answers-4387.csv`, real questions with their real mess), and the full"
                        + " Kaggle files (`test.csv`, `train.csv`) where that directory has them.";
        return "Each section names its own data and LLM; in short:\n\n"
                + "- **Data.** " + data + "\n"
                + "- **LLM.** The built-in LLM simulator unless a section names a real provider. It is not a language"
                + " model: it answers each question from its reference answer through a quality model (at the first"
                + " attempt half its answers are near the reference, 30% partial, the rest off-topic; each further"
                + " attempt moves half of the rest to near) and speaks the OpenAI and Ollama APIs, so the numbers"
                + " measure the pipeline (queues, retries, scoring, regeneration, cache, storage), not what a"
                + " model knows.\n"
                + "- **Run.** "
                + (quick
                        ? "Quick mode: every table and chart from less data (what CI runs); the"
                                + " numbers are noisier than a full run's."
                        : "Full mode.")
                + " Seed " + seed.seed() + ": the same seed draws the same questions and arrivals.\n";
    }
}
