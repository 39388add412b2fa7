package dev.sluice.cli.report;

import picocli.CommandLine.Command;

/** {@code sluice report}: reports made of measured runs. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Reports made of measured runs: tables, charts, CSVs, Markdown and PDF.",
        subcommands = {ReportAnswersCommand.class})
public final class ReportCommand {}
