package dev.sluice.cli;

import dev.sluice.scoring.StandardMetrics;
import dev.sluice.scoring.agreement.SickAgreement;
import dev.sluice.scoring.calibration.Calibration;
import dev.sluice.scoring.pairs.PairsScorer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Answer-quality scoring offline: agreement with people, scoring pairs files, calibrating the threshold. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score answers offline (docs/scoring.md).",
        subcommands = {ScoreCommand.Agreement.class, ScoreCommand.Pairs.class, ScoreCommand.Calibrate.class})
final class ScoreCommand {

    @Command(
            name = "agreement",
            mixinStandardHelpOptions = true,
            description =
                    "Spearman and Pearson correlation of every metric and the composite with SICK's human relatedness scores (TEST split; the composite's weights and curves fitted on TRAIN+TRIAL).")
    static final class Agreement implements Callable<Integer> {
        @Option(
                names = "--sick",
                required = true,
                paramLabel = "SICK.txt",
                description = "the SICK file, e.g. ../shared/data/sick/SICK.txt")
        Path sick;

        @Option(
                names = "--out",
                defaultValue = "docs/scoring.md",
                description = "Markdown file to write the table into (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() {
            return SickAgreement.run(sick, out, System.out);
        }
    }

    @Command(
            name = "pairs",
            mixinStandardHelpOptions = true,
            description =
                    "Read a CSV/TSV with a header and write the same rows plus one column per metric and `composite`.")
    static final class Pairs implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path in;

        @Option(
                names = {"-o", "--out"},
                required = true,
                paramLabel = "FILE")
        Path out;

        @Option(
                names = "--reference",
                defaultValue = "reference",
                description = "reference column (default: ${DEFAULT-VALUE})")
        String reference;

        @Option(
                names = "--candidate",
                defaultValue = "candidate",
                description = "candidate column (default: ${DEFAULT-VALUE})")
        String candidate;

        @Override
        public Integer call() {
            return PairsScorer.run(in, out, reference, candidate, System.err);
        }
    }

    @Command(
            name = "calibrate",
            mixinStandardHelpOptions = true,
            description =
                    "Histogram of scores with the threshold marked, and pass rate / expected extra LLM calls per candidate threshold.")
    static final class Calibrate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SCORED.csv", description = "a file written by `sluice score pairs`")
        Path scored;

        @Option(names = "--column", defaultValue = "composite")
        String column;

        @Option(
                names = "--threshold",
                defaultValue = "" + StandardMetrics.DEFAULT_THRESHOLD,
                description = "threshold to mark (default: the default composite's, ${DEFAULT-VALUE})")
        double threshold;

        @Option(names = "--max-attempts", defaultValue = "3")
        int maxAttempts;

        @Option(names = "--out-dir", defaultValue = "docs/scoring")
        Path outDir;

        @Override
        public Integer call() {
            return Calibration.run(scored, column, threshold, maxAttempts, outDir, System.err);
        }
    }
}
