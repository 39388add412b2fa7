package dev.sluice.cli.orders;

import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sluice orders serve}: the orders API ({@code POST /orders}, {@code GET /orders/{id}}),
 * processor and notifier on {@code http.port}, with the platform's delay scheduler, until Ctrl-C.
 * Wiring only. Several processes can run side by side against the same Kafka and PostgreSQL
 * (give each its own {@code http.port}); instance ids come from the host name and the port.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the orders API and run the processor and notifier until Ctrl-C.")
final class OrdersServeCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        var config = stack.load();
        Stack orders = stack.builder(config)
                .instance(Stack.hostName() + "-" + config.http().port())
                .orders()
                .http()
                .start();
        return orders.foreground(
                "sluice orders serve",
                "Orders API        " + orders.url() + "/orders",
                "Kafka bootstrap   " + orders.infra().bootstrapServers(),
                "PostgreSQL        " + orders.infra().jdbcUrl(),
                "SMTP              " + orders.orders().smtpDescription(),
                "State delays      " + orders.orders().settings().delays(),
                "Ready             " + orders.url() + "/ready");
    }
}
