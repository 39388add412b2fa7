package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.cli.Stack;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code sluice answers <service>}: each answers service alone, against the configured (embedded or
 * external) Kafka, PostgreSQL and Flink, so several processes or machines can share the work. Each is
 * the same {@link Stack} as {@code sluice up} with one part of the {@link AnswersSystem} and an HTTP
 * app (on {@code http.port}) for /ready and /metrics.
 */
@Command(
        name = "answers",
        mixinStandardHelpOptions = true,
        description = "Run one answers service until Ctrl-C.",
        subcommands = {
            AnswersDemoCommand.class,
            AnswersLoad.class,
            WorkerCommand.class,
            GatewayCommand.class,
            SchedulerCommand.class,
            ScoringCommand.class,
            StorageCommand.class,
            SimulatorCommand.class
        })
public final class AnswersCommand {

    /** The reference answers the simulator draws its answers from: the built-in sample. */
    static List<QaPair> sample() {
        return SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);
    }
}
