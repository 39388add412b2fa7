package dev.sluice.cli.orders;

import dev.sluice.cli.DurationConverter;
import dev.sluice.cli.MachineCpu;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.delay.DelayRun;
import dev.sluice.cli.orders.LoadRun.LoadResult;
import dev.sluice.cli.orders.LoadRun.Plan;
import dev.sluice.cli.orders.LoadRun.Scenario;
import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.orders.datasets.Catalogue;
import dev.sluice.orders.datasets.Datasets;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The orders benchmark: (1) a burst of N orders with a fixed delay per state (all finalized? 4N
 * e-mails? transition lag p99?), (2) a steady rate stepped up until the transition lag or the
 * backlog grows, each step next to raw Kafka produce→consume at the same rate and record size, and
 * raw Kafka's unpaced throughput, all in one run on one stack. Writes its section of
 * docs/benchmarks.md between {@code <!-- bench:orders:start -->} and {@code <!-- bench:orders:end -->}.
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
                "Burst of N orders, then steady rates stepped up until lag grows, next to raw Kafka; results to docs/benchmarks.md.")
public class OrdersBenchCommand implements Callable<Integer> {
    static final String START = "<!-- bench:orders:start -->";
    static final String END = "<!-- bench:orders:end -->";

    /** The same command under the name {@code orders}, for {@code sluice bench orders}. */
    @Command(
            name = "orders",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description =
                    "Burst of N orders, then steady rates stepped up until lag grows, next to raw Kafka; results to docs/benchmarks.md.")
    public static final class AsBenchSubcommand extends OrdersBenchCommand {}

    @Mixin
    StackOptions stack;

    @Option(names = "--orders", defaultValue = "10000", description = "orders in the burst (default: ${DEFAULT-VALUE})")
    int orders;

    @Option(
            names = "--warmup-orders",
            defaultValue = "10000",
            description =
                    "a burst of this many orders first, reported apart, so the measured burst "
                            + "meets a JVM whose JIT has compiled the hot paths, as a service that has been up for a while would (0 = none) (default: ${DEFAULT-VALUE})")
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
            names = "--dataset",
            defaultValue = "generated",
            description = "product dataset (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(
            names = "--out",
            defaultValue = "docs/benchmarks.md",
            description = "Markdown file whose orders section is replaced (default: ${DEFAULT-VALUE}); '-' for none")
    String out;

    @Option(names = "--charts", description = "also write the burst's report and charts to this folder")
    Path charts;

    @Option(names = "--json", description = "end with one JSON line with all results")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Catalogue catalogue = Datasets.load(dataset, 10_000, 42);
        int recordBytes = recordBytes(catalogue);
        var config = stack.load();
        long t0 = System.nanoTime();
        try (OrdersStack orders = OrdersStack.start(config, stack.fresh(), stateDelay, "bench")) {
            System.err.println("sluice orders bench: " + orders.describe());
            Map<String, Object> raw = raw(orders, 50_000, 1e9, recordBytes);
            System.err.println("raw Kafka, unpaced: " + raw);

            LoadResult warm = null;
            if (warmupOrders > 0) {
                System.err.println("warm-up burst of " + warmupOrders + " orders (reported apart) ...");
                warm = new LoadRun(orders, catalogue, new Plan(Scenario.BURST, warmupOrders, 0, concurrency, 41), true)
                        .run();
                System.err.println("warm-up: " + warm.summary());
            }
            System.err.println("burst of " + this.orders + " orders, " + stateDelay.toMillis() + " ms per state ...");
            MachineCpu.Reading cpuBefore = MachineCpu.read();
            LoadResult burst = new LoadRun(
                            orders, catalogue, new Plan(Scenario.BURST, this.orders, 0, concurrency, 42), true)
                    .run();
            double burstBusy = MachineCpu.read().busySince(cpuBefore);
            System.err.println("burst: " + burst.summary());
            if (charts != null) {
                LoadReport.write(
                        charts,
                        burst,
                        "./sluice orders bench --orders " + this.orders + " --state-delay " + stateDelay.toMillis()
                                + "ms --charts " + charts);
            }

            List<Map<String, Object>> steps = new ArrayList<>();
            Integer sustained = null;
            List<Integer> withinTarget = new ArrayList<>();
            for (int rate : rates) {
                int count = (int) (rate * step.toMillis() / 1000);
                System.err.println("steady " + rate + " orders/s for " + step.toSeconds() + " s ...");
                LoadResult r = new LoadRun(
                                orders, catalogue, new Plan(Scenario.STEADY, count, rate, concurrency, 7L * rate), true)
                        .run();
                Map<String, Object> rawAtRate = raw(orders, Math.max(1000, rate * 11 * 5), rate * 11.0, recordBytes);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("offered_per_s", rate);
                row.put("accepted_per_s", r.acceptedRate());
                row.put("post_ms_p99", LoadResult.ms(r.postLatencyMicros(), 99));
                row.put("lag_ms_p50", r.lagMillis().getValueAtPercentile(50));
                row.put("lag_ms_p99", r.lagMillis().getValueAtPercentile(99));
                row.put("completion_ms_p99", r.completionMillis().getValueAtPercentile(99));
                // Backlog: how long after the last accepted order the last one finalized and its last
                // e-mail was sent, beyond the configured delays. A pipeline that keeps up drains in about
                // one transition lag; a growing backlog shows here first.
                long drain = Math.max(r.finalizeDrainMillis(), r.mailDrainMillis());
                row.put("finalize_drain_ms", r.finalizeDrainMillis());
                row.put("email_drain_ms", r.mailDrainMillis());
                row.put("lost", r.lost());
                row.put("duplicate_emails", r.duplicateEmails());
                row.put("raw_records_per_s", rate * 11);
                row.put("raw_ms_p50", rawAtRate.get("p50"));
                row.put("raw_ms_p99", rawAtRate.get("p99"));
                steps.add(row);
                System.err.println("step: " + row);
                boolean keptRate = r.acceptedRate() >= 0.9 * rate;
                long lagP99 = r.lagMillis().getValueAtPercentile(99);
                boolean lagOk = lagP99 <= 4 * lagTarget.toMillis();
                boolean backlogOk = drain <= 2_000;
                if (!(keptRate && lagOk && backlogOk && r.ok())) {
                    row.put(
                            "stopped_because",
                            !keptRate
                                    ? "POST rate below 90% of offered"
                                    : !lagOk
                                            ? "lag p99 over 4× target"
                                            : !backlogOk
                                                    ? (r.mailDrainMillis() > r.finalizeDrainMillis()
                                                            ? "e-mail backlog: drain over 2 s"
                                                            : "status backlog: drain over 2 s")
                                                    : "lost or doubled");
                    break;
                }
                sustained = rate;
                if (lagP99 <= lagTarget.toMillis()) {
                    withinTarget.add(rate);
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            if (warm != null) {
                result.put("warmup_burst", warm.summary());
            }
            result.put("burst", burst.summary());
            result.put("burst_cpu_busy", Double.isNaN(burstBusy) ? null : Math.round(burstBusy * 100) / 100.0);
            result.put("steps", steps);
            result.put("sustained_orders_per_s", sustained);
            result.put("steps_within_lag_target_orders_per_s", withinTarget);
            result.put("raw_unpaced", raw);
            result.put("record_bytes", recordBytes);
            result.put("total_s", (System.nanoTime() - t0) / 1_000_000_000L);
            if (!"-".equals(out)) {
                writeMarkdown(
                        Path.of(out),
                        result,
                        warm,
                        burst,
                        steps,
                        orders.settings.topics().partitions(),
                        recordBytes);
            }
            OrdersLoadCommand.print(result, json);
            return (warm == null || warm.ok())
                            && burst.ok()
                            && steps.stream()
                                    .allMatch(s -> ((Number) s.get("lost")).longValue() == 0
                                            && ((Number) s.get("duplicate_emails")).longValue() == 0)
                    ? 0
                    : 1;
        }
    }

    /** {@code existing} with the text between the orders markers (markers included) replaced by {@code section}, or with it appended. */
    static String replaceSection(String existing, String section) {
        int s = existing.indexOf(START);
        int e = existing.indexOf(END, Math.max(0, s));
        if (s >= 0 && e > s) {
            int after = e + END.length();
            if (after < existing.length() && existing.charAt(after) == '\n') {
                after++;
            }
            return existing.substring(0, s) + section + existing.substring(after);
        }
        return existing
                + (existing.endsWith("\n\n") || existing.isEmpty() ? "" : existing.endsWith("\n") ? "\n" : "\n\n")
                + section;
    }

    @SuppressWarnings("unchecked")
    private static String withinTarget(Map<String, Object> result) {
        List<Integer> rates = (List<Integer>) result.get("steps_within_lag_target_orders_per_s");
        return rates.isEmpty()
                ? "no step"
                : String.join(", ", rates.stream().map(String::valueOf).toList()) + " orders/s";
    }

    /** The JSON size of an order as it travels on orders.status, averaged over the catalogue. */
    private static int recordBytes(Catalogue catalogue) {
        long total = 0;
        int n = Math.min(1000, catalogue.size());
        for (int i = 0; i < n; i++) {
            total += OrderTopics.SERDE.toBytes(new Order(
                            10_000 + i,
                            catalogue.get(i).nombre(),
                            catalogue.get(i).precio(),
                            "cliente" + i + "@correo.cl",
                            Estado.PREPARANDO))
                    .length;
        }
        return (int) (total / n);
    }

    /** Raw Kafka on the same broker: records of the same size produced straight to a topic and consumed (read_committed). */
    private static Map<String, Object> raw(OrdersStack orders, int count, double rate, int recordBytes)
            throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String topic = "bench.orders.raw." + runId;
        try (Admin admin = orders.infra.clients().admin()) {
            Topics.ensure(
                    admin, List.of(TopicSpec.of(topic, orders.settings.topics().partitions())));
        }
        try (DelayRun run = new DelayRun(orders.infra.clients(), topic, runId)) {
            long start = System.nanoTime();
            run.send(count, rate, recordBytes, Duration.ZERO, Duration.ZERO, null, 7, null);
            long deadline = System.currentTimeMillis() + 120_000;
            while (run.distinct() < count && System.currentTimeMillis() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", count);
            m.put("per_s", Math.round(run.distinct() / ((System.nanoTime() - start) / 1e9)));
            m.put("p50", run.lateness().getValueAtPercentile(50));
            m.put("p99", run.lateness().getValueAtPercentile(99));
            m.put("lost", (long) count - run.distinct());
            return m;
        }
    }

    @SuppressWarnings("unchecked")
    private void writeMarkdown(
            Path file,
            Map<String, Object> result,
            LoadResult warm,
            LoadResult burst,
            List<Map<String, Object>> steps,
            int partitions,
            int recordBytes)
            throws IOException {
        Map<String, Object> b = burst.summary();
        Map<String, Object> raw = (Map<String, Object>) result.get("raw_unpaced");
        StringBuilder md = new StringBuilder();
        md.append(START).append("\n## Orders: burst, sustained rate, raw Kafka baseline\n\n");
        md.append("Command: `./sluice orders bench --orders ")
                .append(orders)
                .append(" --state-delay ")
                .append(stateDelay.toMillis())
                .append("ms --warmup-orders ")
                .append(warmupOrders)
                .append(" --rates ")
                .append(String.join(",", rates.stream().map(String::valueOf).toList()))
                .append(" --step ")
                .append(step.toSeconds())
                .append("s --concurrency ")
                .append(concurrency)
                .append("` (the same command as `./sluice bench orders` once it is listed under `bench`)  \n");
        md.append("Run on ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(
                        " cores, everything in one JVM: embedded single Kafka broker, PostgreSQL, GreenMail, delay scheduler, the three orders services ")
                .append("(one instance each), ")
                .append(partitions)
                .append(" partitions, and the load generator (HTTP, ")
                .append(concurrency)
                .append(" concurrent clients). Total ")
                .append(result.get("total_s"))
                .append(" s.\n\n");
        md.append("**Burst** of ")
                .append(orders)
                .append(" orders posted at once, ")
                .append(stateDelay.toMillis())
                .append(" ms per state:\n\n");
        md.append(
                        "| orders | accepted | finalized | e-mails (expected) | lost | dup e-mails | accepted/s | POST p50 / p99 ms | lag p50 / p99 / max ms (target p99 ≤ ")
                .append(lagTarget.toMillis())
                .append(
                        ") | POST → finalizado p50 / p99 ms | elapsed s |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append("| ")
                .append(b.get("orders"))
                .append(" | ")
                .append(b.get("accepted"))
                .append(" | ")
                .append(b.get("finalized"))
                .append(" | ")
                .append(b.get("emails_sent"))
                .append(" (")
                .append(b.get("emails_expected"))
                .append(") | ")
                .append(b.get("lost"))
                .append(" | ")
                .append(b.get("duplicate_emails"))
                .append(" | ")
                .append(b.get("accepted_per_s"))
                .append(" | ")
                .append(b.get("post_latency_ms_p50"))
                .append(" / ")
                .append(b.get("post_latency_ms_p99"))
                .append(" | ")
                .append(b.get("transition_lag_ms_p50"))
                .append(" / ")
                .append(b.get("transition_lag_ms_p99"))
                .append(" / ")
                .append(b.get("transition_lag_ms_max"))
                .append(" | ")
                .append(b.get("completion_ms_p50"))
                .append(" / ")
                .append(b.get("completion_ms_p99"))
                .append(" | ")
                .append(b.get("elapsed_s"))
                .append(" |\n\n");
        if (warm != null) {
            Map<String, Object> w = warm.summary();
            md.append("Before it, a warm-up burst of ")
                    .append(warmupOrders)
                    .append(" orders on the freshly started JVM (the JIT compiling the hot paths ")
                    .append(
                            "takes most of a core for the first minutes on this machine), reported apart: lag p50 / p99 / max ")
                    .append(w.get("transition_lag_ms_p50"))
                    .append(" / ")
                    .append(w.get("transition_lag_ms_p99"))
                    .append(" / ")
                    .append(w.get("transition_lag_ms_max"))
                    .append(" ms, accepted/s ")
                    .append(w.get("accepted_per_s"))
                    .append(", lost ")
                    .append(w.get("lost"))
                    .append(", duplicate e-mails ")
                    .append(w.get("duplicate_emails"))
                    .append(".\n\n");
        }
        md.append(
                        "Where the burst's lag goes (from each step's `orders.advance` record: its due time, and its timestamp when the scheduler forwarded it): ")
                .append("scheduler, due → forwarded, p50 / p99 ")
                .append(b.get("lag_scheduler_ms_p50"))
                .append(" / ")
                .append(b.get("lag_scheduler_ms_p99"))
                .append(" ms; hand-off, forwarded → the processor published the new state, p50 / p99 ")
                .append(b.get("lag_handoff_ms_p50"))
                .append(" / ")
                .append(b.get("lag_handoff_ms_p99"))
                .append(" ms. Machine CPU busy during the burst (all processes, until the last e-mail): ")
                .append(
                        result.get("burst_cpu_busy") instanceof Number n
                                ? Math.round(n.doubleValue() * 100) + "%"
                                : "n/a")
                .append(".\n\n");
        md.append("**Sustained rate**: steady orders/s for ")
                .append(step.toSeconds())
                .append(" s per step, stepped up until the POST rate falls below 90% of the ")
                .append(
                        "offered rate, the lag p99 exceeds 4× the target, or the backlog grows (the last order finalizes, or its last e-mail is sent, more than ")
                .append(
                        "2 s after the last POST answered plus the 3 configured delays). Each order is 11 Kafka records (1 requested, 4 status, 3 into a delay tier, 3 advance) plus the ")
                .append(
                        "scheduler's and processor's transaction markers, 5 PostgreSQL statements per e-mail and 4 SMTP messages, so next to each step raw Kafka ")
                .append("carries 11 × the order rate of ")
                .append(recordBytes)
                .append("-byte records (the JSON size of an order) from one producer to one ")
                .append("read_committed consumer on the same broker.\n\n");
        md.append(
                "| offered orders/s | accepted/s | POST p99 ms | lag p50 ms | lag p99 ms | POST → finalizado p99 ms | finalize / e-mail drain ms | lost | dup | raw Kafka records/s | raw p50 ms | raw p99 ms |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> s : steps) {
            md.append("| ")
                    .append(s.get("offered_per_s"))
                    .append(" | ")
                    .append(s.get("accepted_per_s"))
                    .append(" | ")
                    .append(s.get("post_ms_p99"))
                    .append(" | ")
                    .append(s.get("lag_ms_p50"))
                    .append(" | ")
                    .append(s.get("lag_ms_p99"))
                    .append(" | ")
                    .append(s.get("completion_ms_p99"))
                    .append(" | ")
                    .append(s.get("finalize_drain_ms"))
                    .append(" / ")
                    .append(s.get("email_drain_ms"))
                    .append(" | ")
                    .append(s.get("lost"))
                    .append(" | ")
                    .append(s.get("duplicate_emails"))
                    .append(" | ")
                    .append(s.get("raw_records_per_s"))
                    .append(" | ")
                    .append(s.get("raw_ms_p50"))
                    .append(" | ")
                    .append(s.get("raw_ms_p99"))
                    .append(" |");
            if (s.containsKey("stopped_because")) {
                md.append(" stopped: ").append(s.get("stopped_because"));
            }
            md.append('\n');
        }
        md.append("\nSustained: **")
                .append(
                        result.get("sustained_orders_per_s") == null
                                ? "below the first step"
                                : result.get("sustained_orders_per_s") + " orders/s")
                .append("**; lag p99 within the ")
                .append(lagTarget.toMillis())
                .append(" ms target at ")
                .append(withinTarget(result))
                .append(". Raw Kafka, unpaced, same broker and record size: **")
                .append(raw.get("per_s"))
                .append(" records/s** (")
                .append(raw.get("records"))
                .append(" records, produce → consume p50 ")
                .append(raw.get("p50"))
                .append(" ms, p99 ")
                .append(raw.get("p99"))
                .append(" ms).\n")
                .append(END)
                .append('\n');
        String existing = Files.exists(file)
                ? Files.readString(file)
                : "# Benchmarks\n\nEvery number here comes from a command in this repository; rerun it to check.\n\n";
        Files.writeString(file, replaceSection(existing, md.toString()));
        System.err.println("wrote " + file.toAbsolutePath());
    }
}
