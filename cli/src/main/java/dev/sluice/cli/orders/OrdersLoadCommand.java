package dev.sluice.cli.orders;

import dev.sluice.cli.DurationConverter;
import dev.sluice.cli.SeedOptions;
import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.SummaryOptions;
import dev.sluice.orders.datasets.Catalogue;
import dev.sluice.orders.datasets.Datasets;
import dev.sluice.orders.loadgen.LoadReport;
import dev.sluice.orders.loadgen.LoadResult;
import dev.sluice.orders.loadgen.LoadRun.Plan;
import dev.sluice.orders.loadgen.LoadRun.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice orders load}: a load scenario against the orders system on the embedded stack
 * (a steady rate for a duration, or a burst of orders at once), orders from a product dataset
 * posted over HTTP, then a report (Markdown + PNG charts) and one summary. Exits 0 only when every
 * accepted order finalized with its four e-mails and nothing was lost or doubled.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run a steady or burst load of orders over HTTP and write a report with charts.")
final class OrdersLoadCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(
            names = "--scenario",
            required = true,
            description = "steady (a rate for a duration) or burst (many orders at once)")
    String scenario;

    @Option(
            names = "--dataset",
            defaultValue = "generated",
            description = "generated, electronics, groceries or a product CSV path (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(
            names = "--products",
            defaultValue = "10000",
            description = "size of a generated catalogue (default: ${DEFAULT-VALUE})")
    int products;

    @Mixin
    SeedOptions seed;

    @Option(
            names = "--rate",
            defaultValue = "20",
            description = "steady: orders per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "steady: how long (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--orders", description = "number of orders (default: rate × duration for steady, 500 for burst)")
    Integer orders;

    @Mixin
    StateDelayOptions delay;

    @Option(
            names = "--concurrency",
            defaultValue = "16",
            description = "HTTP requests in flight at most (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--out",
            defaultValue = "orders-report",
            description = "folder for report.md and the PNG charts (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws Exception {
        Scenario kind = switch (scenario) {
            case "steady" -> Scenario.STEADY;
            case "burst" -> Scenario.BURST;
            default ->
                throw new IllegalArgumentException("--scenario '" + scenario + "' is not known; give steady or burst");
        };
        int count = orders != null
                ? orders
                : kind == Scenario.BURST ? 500 : (int) Math.round(rate * duration.toMillis() / 1000.0);
        Plan plan = new Plan(kind, count, rate, concurrency, seed.seed());
        Catalogue catalogue = Datasets.load(dataset, products, seed.seed());
        var config = stack.load();
        System.err.printf(
                "sluice orders load: %s, %d orders from %s (%d products); starting the stack in %s ...%n",
                scenario,
                count,
                catalogue.name(),
                catalogue.size(),
                config.workDir().toAbsolutePath());
        LoadResult result;
        try (Stack orders = OrdersCommand.stack(stack, config, delay.stateDelay(), "load")) {
            System.err.println("  " + orders.describe());
            result = LoadProgressBar.run(orders.ordersTarget(), catalogue, plan);
        }
        Path report = LoadReport.write(out, result, commandLine(kind, count));
        System.err.println("wrote " + report.toAbsolutePath() + " and its charts");
        summary.print(result.summary());
        return result.ok() ? 0 : 1;
    }

    private String commandLine(Scenario kind, int count) {
        StringBuilder c = new StringBuilder("./sluice orders load --scenario ")
                .append(scenario)
                .append(" --dataset ")
                .append(dataset);
        if (kind == Scenario.STEADY && orders == null) {
            c.append(" --rate ")
                    .append(trim(rate))
                    .append(" --duration ")
                    .append(duration.toMillis() / 1000.0)
                    .append('s');
        } else {
            if (kind == Scenario.STEADY) {
                c.append(" --rate ").append(trim(rate));
            }
            c.append(" --orders ").append(count);
        }
        if (delay.stateDelay() != null) {
            c.append(" --state-delay ").append(delay.stateDelay().toMillis()).append("ms");
        }
        return c.append(" --concurrency ")
                .append(concurrency)
                .append(" --out ")
                .append(out)
                .toString()
                .replace(".0s", "s");
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
