package dev.sluice.cli;

import picocli.CommandLine.Command;

/** Benchmarks you can rerun; each reports ratios against a baseline measured in the same run. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Rerunnable benchmarks (results go to docs/benchmarks.md).",
        subcommands = {
            BenchDelayCommand.class,
            BenchPipelineCommand.class,
            dev.sluice.cli.orders.OrdersBenchCommand.AsBenchSubcommand.class,
            BenchScoringCommand.class,
            BenchHttpLoadCommand.class
        })
final class BenchCommand {}
