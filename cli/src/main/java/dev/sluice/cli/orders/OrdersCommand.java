package dev.sluice.cli.orders;

import picocli.CommandLine.Command;

/** {@code sluice orders ...}: the orders application's commands. */
@Command(
        name = "orders",
        mixinStandardHelpOptions = true,
        description = "The orders system: HTTP orders, timed states over Kafka, e-mails.",
        subcommands = {
            OrdersDemoCommand.class,
            OrdersServeCommand.class,
            OrdersLoadCommand.class,
            OrdersBenchCommand.class
        })
public final class OrdersCommand {}
