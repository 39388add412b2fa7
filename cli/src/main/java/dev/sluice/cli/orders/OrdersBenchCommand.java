package dev.sluice.cli.orders;

import dev.sluice.cli.BenchDocOptions;
import dev.sluice.cli.DurationConverter;
import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.SummaryOptions;
import dev.sluice.orders.bench.OrdersBench;
import dev.sluice.orders.bench.OrdersBenchReport;
import dev.sluice.orders.datasets.Catalogue;
import dev.sluice.orders.datasets.Datasets;
import dev.sluice.orders.loadgen.LoadReport;
import dev.sluice.orders.loadgen.LoadRun;
import dev.sluice.platform.report.MarkdownSection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice orders bench}: starts the orders stack and runs {@link OrdersBench} on it (a burst
 * of N orders, then steady rates stepped up until lag grows, next to raw Kafka); writes its section
 * of docs/benchmarks.md ({@code <!-- bench:orders:start -->}) and, with {@code --charts}, the burst's report.
 *
 * <p>Reached as {@code sluice orders bench}; its class is also ready to be listed in
 * {@code BenchCommand}'s subcommands as {@code sluice bench orders} (the {@code @Command} name of
 * {@link AsBenchSubcommand}).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "A cold burst, N warm bursts of M orders, then steady rates stepped up until lag grows, next to raw Kafka; results to docs/benchmarks.md.")
public class OrdersBenchCommand implements Callable<Integer> {
    /** The same command under the name {@code orders}, for {@code sluice bench orders}. */
    @Command(
            name = "orders",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "A cold burst, N warm bursts of M orders, then steady rates stepped up until lag grows, next to raw Kafka; results to docs/benchmarks.md.")
    public static final class AsBenchSubcommand extends OrdersBenchCommand {}

    @Mixin
    StackOptions stack;

    @Option(
            names = "--orders",
            defaultValue = "10000",
            description = "orders in each warm burst (default: ${DEFAULT-VALUE})")
    int orders;

    @Option(
            names = "--bursts",
            defaultValue = "5",
            description =
                    "warm bursts in a row after the cold one, each reported with its lag, hand-off and CPU per 1,000 orders, "
                            + "and a verdict: all within --lag-target or not (default: ${DEFAULT-VALUE})")
    int bursts;

    @Option(
            names = "--warmup-orders",
            defaultValue = "10000",
            description =
                    "the cold burst: this many orders first on the freshly started JVM, reported apart, so the warm bursts "
                            + "meet a JVM whose JIT has compiled the hot paths, as a service that has been up for a while would (0 = none) (default: ${DEFAULT-VALUE})")
    int warmupOrders;

    @Option(
            names = "--state-delay",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "time in each state (default: ${DEFAULT-VALUE})")
    Duration stateDelay;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "25,50,100,150,200,300,400",
            description = "steady rates to step through, orders/s (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(
            names = "--ladder",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "run the steady steps after the bursts; --no-ladder runs the bursts only (default: ${DEFAULT-VALUE})")
    boolean ladder;

    @Option(
            names = "--step",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description = "length of each steady step (default: ${DEFAULT-VALUE})")
    Duration step;

    @Option(
            names = "--lag-target",
            defaultValue = "250ms",
            converter = DurationConverter.class,
            description = "transition lag p99 target (default: ${DEFAULT-VALUE})")
    Duration lagTarget;

    @Option(
            names = "--concurrency",
            defaultValue = "32",
            description = "HTTP requests in flight at most (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--client-nice",
            defaultValue = "0",
            description = "lower the load generator's own CPU priority by this much (0-19; its clients would"
                    + " be on other machines in a deployment; default: ${DEFAULT-VALUE})")
    int clientNice;

    @Option(
            names = "--idempotency-keys",
            description = "send an Idempotency-Key with every POST, to measure what keeping the keys costs")
    boolean idempotencyKeys;

    @Option(
            names = "--dataset",
            defaultValue = "generated",
            description = "product dataset (default: ${DEFAULT-VALUE})")
    String dataset;

    @Mixin
    BenchDocOptions doc;

    @Option(names = "--charts", description = "also write the burst's report and charts to this folder")
    Path charts;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws Exception {
        OrdersBench.Settings settings = new OrdersBench.Settings(
                orders,
                warmupOrders,
                bursts,
                stateDelay,
                ladder ? rates : List.of(),
                step,
                lagTarget,
                concurrency,
                new LoadRun.Client(clientNice, idempotencyKeys));
        Catalogue catalogue = Datasets.load(dataset, 10_000, 42);
        var config = stack.load();
        long t0 = System.nanoTime();
        try (Stack running = OrdersCommand.stack(stack, config, stateDelay, "bench")) {
            System.err.println("sluice orders bench: " + running.describe());
            OrdersBench.Result r = new OrdersBench(
                            running.ordersTarget(),
                            catalogue,
                            settings,
                            plan -> LoadProgressBar.run(running.ordersTarget(), catalogue, plan),
                            running.cpu())
                    .run();
            System.err.println(r.verdict());
            if (charts != null) {
                LoadReport.write(
                        charts,
                        r.lastBurst(),
                        "./sluice orders bench --orders " + orders + " --state-delay " + stateDelay.toMillis()
                                + "ms --charts " + charts);
            }
            Map<String, Object> result = r.summary();
            result.put("total_s", (System.nanoTime() - t0) / 1_000_000_000L);
            if (doc.file().isPresent()) {
                MarkdownSection.of("orders")
                        .write(
                                doc.file().get(),
                                OrdersBenchReport.markdown(
                                        settings,
                                        r,
                                        result,
                                        running.ordersTarget().partitions()));
            }
            summary.print(result);
            return r.ok() ? 0 : 1;
        }
    }
}
