package dev.sluice.orders.bench;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.orders.OrderTopics;
import dev.sluice.orders.datasets.Catalogue;
import dev.sluice.orders.loadgen.LoadResult;
import dev.sluice.orders.loadgen.LoadRun;
import dev.sluice.orders.loadgen.LoadRun.Plan;
import dev.sluice.orders.loadgen.LoadRun.Scenario;
import dev.sluice.orders.notify.Notifier;
import dev.sluice.platform.delay.bench.RawKafka;
import dev.sluice.platform.report.MachineCpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders benchmark's phases against a running orders system: (1) a warm-up burst, reported
 * apart, (2) a burst of N orders with a fixed delay per state (all finalized? 4N e-mails?
 * transition lag p99?), (3) a steady rate stepped up until the transition lag or the backlog grows,
 * each step next to raw Kafka produce→consume at the same rate and record size, and raw Kafka's
 * unpaced throughput, all in one run on one stack.
 */
public final class OrdersBench {
    /** What to run. */
    public record Settings(
            int orders,
            int warmupOrders,
            Duration stateDelay,
            List<Integer> rates,
            Duration step,
            Duration lagTarget,
            int concurrency) {
        public Settings {
            if (orders < 1 || warmupOrders < 0 || concurrency < 1) {
                throw new IllegalArgumentException(
                        "--orders and --concurrency must be at least 1, --warmup-orders at least 0");
            }
            if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1)) {
                throw new IllegalArgumentException("--rates needs one or more rates of at least 1 order/s, e.g. 25,50");
            }
            rates = List.copyOf(rates);
        }
    }

    /** Runs one load plan: the CLI hands in one that shows a progress bar. */
    @FunctionalInterface
    public interface Runner {
        LoadResult run(Plan plan) throws Exception;
    }

    /** What the phases measured; {@code warm} is null without a warm-up, {@code sustained} null below the first step. */
    public record Result(
            LoadResult warm,
            LoadResult burst,
            Double burstCpuBusy,
            List<Map<String, Object>> steps,
            Integer sustained,
            List<Integer> withinTarget,
            Map<String, Object> raw,
            Map<String, Object> rawSmtp,
            int recordBytes) {
        /** Nothing lost or doubled in any phase. */
        public boolean ok() {
            return (warm == null || warm.ok())
                    && burst.ok()
                    && steps.stream()
                            .allMatch(s -> ((Number) s.get("lost")).longValue() == 0
                                    && ((Number) s.get("duplicate_emails")).longValue() == 0);
        }

        public Map<String, Object> summary() {
            Map<String, Object> result = new LinkedHashMap<>();
            if (warm != null) {
                result.put("warmup_burst", warm.summary());
            }
            result.put("burst", burst.summary());
            result.put("burst_cpu_busy", burstCpuBusy);
            result.put("steps", steps);
            result.put("sustained_orders_per_s", sustained);
            result.put("steps_within_lag_target_orders_per_s", withinTarget);
            result.put("raw_unpaced", raw);
            result.put("raw_smtp", rawSmtp);
            result.put("record_bytes", recordBytes);
            return result;
        }
    }

    private final LoadRun.Target target;
    private final Catalogue catalogue;
    private final Settings settings;
    private final Runner runner;

    public OrdersBench(LoadRun.Target target, Catalogue catalogue, Settings settings, Runner runner) {
        this.target = target;
        this.catalogue = catalogue;
        this.settings = settings;
        this.runner = runner;
    }

    /** Without a progress bar. */
    public OrdersBench(LoadRun.Target target, Catalogue catalogue, Settings settings) {
        this(target, catalogue, settings, plan -> new LoadRun(target, catalogue, plan, LoadRun.Progress.NONE).run());
    }

    public Result run() throws Exception {
        int recordBytes = recordBytes(catalogue);
        Map<String, Object> raw = raw(50_000, 1e9, recordBytes);
        System.err.println("raw Kafka, unpaced: " + raw);

        LoadResult warm = null;
        if (settings.warmupOrders() > 0) {
            System.err.println("warm-up burst of " + settings.warmupOrders() + " orders (reported apart) ...");
            warm = runner.run(new Plan(Scenario.BURST, settings.warmupOrders(), 0, settings.concurrency(), 41));
            System.err.println("warm-up: " + warm.summary());
        }
        System.err.println("burst of " + settings.orders() + " orders, "
                + settings.stateDelay().toMillis() + " ms per state ...");
        MachineCpu.Reading cpuBefore = MachineCpu.read();
        LoadResult burst = runner.run(new Plan(Scenario.BURST, settings.orders(), 0, settings.concurrency(), 42));
        double burstBusy = MachineCpu.read().busySince(cpuBefore);
        System.err.println("burst: " + burst.summary());
        Map<String, Object> rawSmtp = rawSmtp(4 * settings.orders());
        System.err.println("raw SMTP: " + rawSmtp);

        List<Map<String, Object>> steps = new ArrayList<>();
        Integer sustained = null;
        List<Integer> withinTarget = new ArrayList<>();
        for (int rate : settings.rates()) {
            int count = (int) (rate * settings.step().toMillis() / 1000);
            System.err.println(
                    "steady " + rate + " orders/s for " + settings.step().toSeconds() + " s ...");
            LoadResult r = runner.run(new Plan(Scenario.STEADY, count, rate, settings.concurrency(), 7L * rate));
            Map<String, Object> rawAtRate = raw(Math.max(1000, rate * 11 * 5), rate * 11.0, recordBytes);
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
            boolean lagOk = lagP99 <= 4 * settings.lagTarget().toMillis();
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
            if (lagP99 <= settings.lagTarget().toMillis()) {
                withinTarget.add(rate);
            }
        }
        return new Result(
                warm,
                burst,
                Double.isNaN(burstBusy) ? null : Math.round(burstBusy * 100) / 100.0,
                steps,
                sustained,
                withinTarget,
                raw,
                rawSmtp,
                recordBytes);
    }

    /**
     * A plain SMTP client against the same embedded server, right after the burst (a warm JVM): as
     * many messages as the burst's e-mails (at most 20,000), over one connection and over as many as
     * a notifier uses. Empty with an external SMTP server, which the benchmark must not flood.
     */
    private Map<String, Object> rawSmtp(int emails) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        var mailbox = target.emails().mailbox();
        if (mailbox.isEmpty()) {
            return m;
        }
        int count = Math.min(emails, 20_000);
        int many = Notifier.DEFAULT_PARALLEL_SENDS;
        System.err.println("raw SMTP: " + count + " messages over 1 and " + many + " connections ...");
        m.put("messages", count);
        m.put(
                "per_s_1_connection",
                RawSmtp.perSecond(mailbox.get().host(), mailbox.get().port(), count, 1));
        m.put("connections", many);
        m.put(
                "per_s_n_connections",
                RawSmtp.perSecond(mailbox.get().host(), mailbox.get().port(), count, many));
        return m;
    }

    /** The JSON size of an order as it travels on orders.status, averaged over the catalogue. */
    public static int recordBytes(Catalogue catalogue) {
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
    private Map<String, Object> raw(int count, double rate, int recordBytes) throws Exception {
        RawKafka.Result run =
                RawKafka.measure(target.clients(), "bench.orders.raw.", target.partitions(), count, rate, recordBytes);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("records", count);
        m.put("per_s", run.wallPerSecond());
        m.put("p50", run.p50());
        m.put("p99", run.p99());
        m.put("lost", run.lost());
        return m;
    }
}
