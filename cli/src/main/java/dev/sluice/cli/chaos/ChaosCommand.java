package dev.sluice.cli.chaos;

import dev.sluice.cli.DurationConverter;
import dev.sluice.cli.SummaryOptions;
import dev.sluice.cli.cluster.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice chaos answers|orders}: a workload against the running {@code sluice cluster} while
 * faults are injected, then a checker that reads only what the system produced. Exit code 0 only
 * when nothing was lost or doubled and no state went backwards.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Run a workload against `sluice cluster` while killing, freezing and starving its processes;"
                + " then check that nothing was lost or doubled.")
public final class ChaosCommand implements Callable<Integer> {
    @Parameters(paramLabel = "APP", description = "answers or orders")
    String app;

    @Option(names = "--dir", defaultValue = "cluster", description = "the cluster's dir (default: ./cluster)")
    Path dir;

    @Option(names = "--rounds", defaultValue = "3", description = "times each fault type is injected (default: 3)")
    int rounds;

    @Option(
            names = "--rate",
            description = "items sent per second (default: 4 questions/s, within the simulator's 10 calls/s quota;"
                    + " 20 orders/s)")
    Double rate;

    @Option(
            names = "--gap",
            defaultValue = "40s",
            converter = DurationConverter.class,
            description = "least time from one fault to the next; the next also waits until throughput is back to 80%"
                    + " of its rate before (at most 3 gaps) (default: ${DEFAULT-VALUE})")
    Duration gap;

    @Option(
            names = "--faults",
            split = ",",
            paramLabel = "TYPE",
            description = "only these fault types (default: all of the app's; see docs/reliability.md)")
    Set<String> only;

    @Option(
            names = "--drain-timeout",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "how long to wait after the last fault for every item to finish (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(
            names = "--max-attempts",
            defaultValue = "3",
            description = "the cluster's answers.max-attempts, the cap the checker holds attempts to (default: 3)")
    int maxAttempts;

    @Option(
            names = "--fuzz",
            description = "also send malformed and hostile bodies to the API (4/s) and garbage records to the input"
                    + " topic (1/s) throughout; every one must be refused with a 4xx or dead-lettered")
    boolean fuzz;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "write the tables and plot into this Markdown file, e.g. docs/reliability.md")
    Path out;

    @Mixin
    SummaryOptions output;

    @Override
    public Integer call() throws Exception {
        if (!Set.of("answers", "orders").contains(app)) {
            throw new IllegalArgumentException("chaos takes answers or orders, not '" + app + "'");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
        }
        Cluster cluster = Cluster.open(dir);
        if (app.equals("answers")
                ? !cluster.layout().answers()
                : !cluster.layout().orders()) {
            throw new IllegalArgumentException("the cluster in " + dir + " does not run " + app);
        }
        List<Fault> faults = new ArrayList<>();
        for (Fault f : Fault.forApp(app)) {
            if (only == null || only.contains(f.type())) {
                faults.add(f);
            }
        }
        if (only != null && faults.size() != only.size()) {
            throw new IllegalArgumentException("--faults: the " + app + " fault types are "
                    + Fault.forApp(app).stream().map(Fault::type).toList());
        }
        double r = rate != null ? rate : app.equals("answers") ? 4 : 20;
        try (Workload workload = app.equals("answers")
                ? new AnswersWorkload(cluster.layout(), r, maxAttempts)
                : new OrdersWorkload(cluster.layout(), r)) {
            ChaosRun run = new ChaosRun(
                    cluster,
                    workload,
                    faults,
                    rounds,
                    gap,
                    drainTimeout,
                    line -> System.err.println("chaos " + app + ": " + line));
            Fuzzer fuzzer = fuzz ? new Fuzzer(app, cluster.layout()) : null;
            if (fuzzer != null) {
                fuzzer.start();
            }
            ChaosRun.Result result;
            Map<String, Object> fuzzed = Map.of();
            try {
                result = run.run();
                if (fuzzer != null) {
                    fuzzer.stop();
                    fuzzed = fuzzer.check(Duration.ofMinutes(2));
                }
            } finally {
                if (fuzzer != null) {
                    fuzzer.close();
                }
            }
            List<Map<String, Object>> rows = ChaosRun.perFault(result, workload.requests());
            Map<String, Map<String, Object>> types = ChaosReport.perType(rows);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("app", app);
            summary.put("rounds", rounds);
            summary.put("faults_injected", result.injections().size());
            summary.put(
                    "fault_errors",
                    result.injections().stream().filter(i -> i.error() != null).count());
            Map<String, Object> check = new LinkedHashMap<>(result.check());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> extraCopies =
                    (List<Map<String, Object>>) check.remove(OrdersWorkload.EXTRA_COPIES);
            summary.putAll(check);
            summary.put("drained", result.drained());
            summary.putAll(fuzzed);
            summary.put("http_requests", workload.requests().total());
            summary.put("http_failed", workload.requests().failed());
            summary.put("elapsed_s", result.elapsedMs() / 1000);
            summary.put("rate_per_s", r);
            if (out != null) {
                ChaosReport.write(
                        out,
                        app,
                        commandLine(r),
                        summary,
                        types,
                        rows,
                        extraCopies == null ? List.of() : extraCopies,
                        result);
            }
            Map<String, Object> printed = new LinkedHashMap<>(summary);
            if (output.json()) {
                printed.put("faults", types);
                printed.put("injections", rows);
                if (extraCopies != null) {
                    printed.put(OrdersWorkload.EXTRA_COPIES, extraCopies);
                }
            } else {
                System.out.println();
                System.out.printf(
                        "%-22s %6s %12s %14s %20s%n",
                        "FAULT", "ROUNDS", "RECOVERY_S", "NOT_RECOVERED", "FAILED_HTTP_MS_MAX");
                types.forEach((type, t) -> System.out.printf(
                        "%-22s %6s %12s %14s %20s%n",
                        type,
                        t.get("rounds"),
                        t.get("recovery_s_max"),
                        t.get("not_recovered"),
                        t.get("longest_failed_http_ms_max")));
                if (extraCopies != null) {
                    System.out.println();
                    extraCopies.forEach(c -> System.out.println("extra e-mail: " + c));
                }
                System.out.println();
            }
            output.print(printed);
            boolean ok = ((Number) summary.get("lost")).longValue() == 0
                    && ((Number) summary.get("duplicates")).longValue() == 0
                    && ((Number) summary.get("get_regressions")).longValue() == 0
                    && ((Number) summary.getOrDefault("retries_early", 0)).longValue() == 0
                    && ((Number) summary.getOrDefault("attempts_over_cap", 0)).longValue() == 0
                    && ((Number) summary.get("fault_errors")).longValue() == 0
                    && ((Number) summary.getOrDefault("fuzz_requests_accepted", 0)).longValue() == 0
                    && ((Number) summary.getOrDefault("fuzz_missing_from_dlq", 0)).longValue() == 0;
            return ok ? 0 : 1;
        }
    }

    private String commandLine(double r) {
        return "sluice chaos " + app + " --rounds " + rounds + " --rate " + r + " --gap " + gap.toSeconds() + "s"
                + (only == null ? "" : " --faults " + String.join(",", only)) + (fuzz ? " --fuzz" : "");
    }
}
