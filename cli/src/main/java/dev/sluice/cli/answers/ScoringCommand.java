package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.cli.Stack;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(
        name = "scoring",
        mixinStandardHelpOptions = true,
        description = "Submit the Flink scoring job (embedded MiniCluster or --flink host:port) and keep it running.")
final class ScoringCommand extends AnswersService {
    @Override
    Set<Part> parts() {
        return Set.of(Part.SCORING);
    }

    @Override
    String[] describe(Stack running) {
        var answers = running.answers();
        return new String[] {
            "job " + answers.job().getJobID() + " on " + running.infra().flinkWebUi(),
            "threshold " + answers.scoring().threshold() + ", max attempts "
                    + answers.scoring().maxAttempts(),
            answers.restoredFrom() != null ? "restored from " + answers.restoredFrom() : "started empty"
        };
    }
}
