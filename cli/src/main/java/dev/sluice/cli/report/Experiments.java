package dev.sluice.cli.report;

import dev.sluice.answers.analysis.CacheExperiment;
import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.FeedbackLoopExperiment;
import dev.sluice.answers.analysis.RetryExperiment;
import dev.sluice.answers.analysis.ThresholdExperiment;
import java.util.List;

/**
 * The sections of {@code sluice report answers}, in report order. Assembled in the CLI rather than
 * in the answers module because some experiments ({@link StorageExperiment}) run the whole embedded
 * stack, which only the CLI's {@link dev.sluice.cli.Stack} assembles; the others live in {@code
 * dev.sluice.answers.analysis} and are simply listed here.
 */
public final class Experiments {
    private Experiments() {}

    public static List<Experiment> all() {
        return List.of(
                new SyncAsyncExperiment(),
                new TimeBreakdownExperiment(),
                new RetryExperiment(),
                new ThresholdExperiment(),
                new FeedbackLoopExperiment(),
                new CacheExperiment(),
                new StorageExperiment());
    }
}
