package dev.sluice.cli.orders;

import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.platform.config.SluiceConfig;
import java.time.Duration;
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
public final class OrdersCommand {
    private OrdersCommand() {}

    /**
     * The stack a demo, load test or benchmark runs against: the orders services and their API on a
     * free port, {@code stateDelay} in every state (null: {@code orders.state-delay}), no log line per request.
     */
    static Stack stack(StackOptions options, SluiceConfig config, Duration stateDelay, String instance) {
        return options.builder(config)
                .instance(instance)
                .orders(s -> stateDelay == null ? s : s.withDelays(StateDelays.uniform(stateDelay)))
                .http(0)
                .quietRequests()
                .start();
    }
}
