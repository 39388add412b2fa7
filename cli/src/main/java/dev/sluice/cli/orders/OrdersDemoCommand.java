package dev.sluice.cli.orders;

import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.SummaryOptions;
import dev.sluice.orders.datasets.Catalogue;
import dev.sluice.orders.datasets.Product;
import dev.sluice.orders.loadgen.LoadResult;
import dev.sluice.orders.loadgen.LoadRun.Plan;
import dev.sluice.orders.loadgen.LoadRun.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice orders demo}: starts the stack (embedded Kafka, PostgreSQL and GreenMail unless
 * configured otherwise), the platform's delay scheduler and the three orders services, places N
 * orders over HTTP at once (a burst {@link dev.sluice.orders.loadgen.LoadRun}), waits for them to
 * finish and checks the guarantees: every order finalized, one e-mail per order per state. Wiring
 * only; the load and its measures live in the orders module.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Place orders on the embedded stack and check every one ends finalizado with 4 e-mails.")
final class OrdersDemoCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(names = "--orders", defaultValue = "100", description = "orders to place (default: ${DEFAULT-VALUE})")
    int orders;

    @Mixin
    StateDelayOptions delay;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            description = "parallel HTTP clients placing orders (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws Exception {
        if (orders < 1) {
            throw new IllegalArgumentException("--orders must be 1 or more");
        }
        Plan plan = new Plan(Scenario.BURST, orders, 0, concurrency, 0);
        var config = stack.load();
        System.err.println(
                "sluice orders demo: starting the stack in " + config.workDir().toAbsolutePath() + " ...");
        LoadResult result;
        try (Stack running = OrdersCommand.stack(stack, config, delay.stateDelay(), "demo")) {
            System.err.println("  " + running.describe());
            result = LoadProgressBar.run(running.ordersTarget(), catalogue(orders), plan);
        }
        summary.print(result.brief());
        return result.ok() && result.accepted() == orders ? 0 : 1;
    }

    /** One product per order, "Producto 0" at 1000 pesos, "Producto 1" at 1001, ... */
    private static Catalogue catalogue(int orders) {
        List<Product> products = new ArrayList<>(orders);
        for (int n = 0; n < orders; n++) {
            products.add(new Product("Producto " + n, 1000 + n));
        }
        return new Catalogue("demo", products);
    }
}
