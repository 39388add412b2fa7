package dev.sluice.cli.orders;

import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice orders serve}: the orders API ({@code POST /orders}, {@code GET /orders/{id}}),
 * processor and notifier on {@code http.port}, with the platform's delay scheduler, until Ctrl-C;
 * {@code --parts} runs some of them only (the multi-process cluster runs each in its own JVM).
 * Wiring only. Several processes can run side by side against the same Kafka and PostgreSQL
 * (give each its own {@code http.port}); instance ids come from the host name and the port.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the orders API and run the processor and notifier until Ctrl-C.")
final class OrdersServeCommand implements Callable<Integer> {
    /** What one orders process can run. */
    enum Part {
        api,
        processor,
        notifier,
        scheduler
    }

    @Mixin
    StackOptions stack;

    @Option(
            names = "--parts",
            split = ",",
            paramLabel = "PART",
            description = "what this process runs, comma-separated: api, processor, notifier, scheduler (the delay"
                    + " scheduler timing the states); default: all four")
    Set<Part> parts = EnumSet.allOf(Part.class);

    @Override
    public Integer call() throws Exception {
        var config = stack.load();
        Stack orders = stack.builder(config)
                .instance(Stack.hostName() + "-" + config.http().port())
                .orders(
                        parts.contains(Part.api),
                        parts.contains(Part.processor),
                        parts.contains(Part.notifier),
                        parts.contains(Part.scheduler))
                .http()
                .dashboard()
                .start();
        List<String> lines = new ArrayList<>();
        lines.add("Parts             " + parts);
        if (parts.contains(Part.api)) {
            lines.add("Orders API        " + orders.url() + "/orders");
        }
        lines.add("Kafka bootstrap   " + orders.infra().bootstrapServers());
        lines.add("PostgreSQL        " + orders.infra().jdbcUrl());
        if (parts.contains(Part.notifier)) {
            lines.add("SMTP              " + orders.orders().smtpDescription());
        }
        lines.add("State delays      " + orders.orders().settings().delays());
        lines.add("Dashboard         " + orders.url() + "/");
        lines.add("Ready             " + orders.url() + "/ready");
        return orders.foreground("sluice orders serve", lines.toArray(String[]::new));
    }
}
