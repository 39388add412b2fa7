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
import dev.sluice.platform.report.ProcessCpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders benchmark's phases against a running orders system: (1) a cold burst on the freshly
 * started JVM, reported apart, (2) N warm bursts of the same kind in a row, each of M orders with a
 * fixed delay per state (all finalized? 4M e-mails? transition lag p99 within the target in every
 * one?), (3) a steady rate stepped up until the transition lag or the backlog grows, each step next
 * to raw Kafka produce→consume at the same rate and record size, and raw Kafka's unpaced
 * throughput, all in one run on one stack. Every burst and step also reports its cost: the CPU
 * time of the system's processes (this JVM, and the embedded PostgreSQL when there is one) per
 * 1,000 orders, so a change that only moves work from one thread to another shows.
 */
public final class OrdersBench {
    /** What to run; an empty {@code rates} skips the steady steps. */
    public record Settings(
            int orders,
            int warmupOrders,
            int bursts,
            Duration stateDelay,
            List<Integer> rates,
            Duration step,
            Duration lagTarget,
            int concurrency,
            LoadRun.Client client) {
        /** The load generator at the normal priority. */
        public Settings(
                int orders,
                int warmupOrders,
                int bursts,
                Duration stateDelay,
                List<Integer> rates,
                Duration step,
                Duration lagTarget,
                int concurrency) {
            this(orders, warmupOrders, bursts, stateDelay, rates, step, lagTarget, concurrency, LoadRun.Client.DEFAULT);
        }

        public Settings {
            java.util.Objects.requireNonNull(client, "client");
            if (orders < 1 || warmupOrders < 0 || concurrency < 1) {
                throw new IllegalArgumentException(
                        "--orders and --concurrency must be at least 1, --warmup-orders at least 0");
            }
            if (bursts < 1) {
                throw new IllegalArgumentException(
                        "--bursts must be at least 1 (warm bursts after the cold one), e.g. 5");
            }
            if (rates.stream().anyMatch(r -> r < 1)) {
                throw new IllegalArgumentException("--rates needs rates of at least 1 order/s, e.g. 25,50");
            }
            rates = List.copyOf(rates);
        }
    }

    /** Runs one load plan: the CLI hands in one that shows a progress bar. */
    @FunctionalInterface
    public interface Runner {
        LoadResult run(Plan plan) throws Exception;
    }

    /**
     * One burst or step and what it cost: CPU-seconds of this JVM and of the other measured
     * processes (PostgreSQL; null when not measured), from the first POST until the last e-mail,
     * and how busy the whole machine was meanwhile (null off Linux).
     */
    public record Measured(LoadResult load, double jvmCpuSeconds, Double otherCpuSeconds, Double machineBusy) {
        /** CPU-seconds of all measured processes per 1,000 accepted orders. */
        public double cpuSecondsPer1000Orders() {
            double cpu = jvmCpuSeconds + (otherCpuSeconds == null ? 0 : otherCpuSeconds);
            return load.accepted() == 0 ? Double.NaN : round2(cpu * 1000 / load.accepted());
        }

        public long lagP99() {
            return load.lagMillis().getValueAtPercentile(99);
        }

        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>(load.summary());
            m.put("cpu_s_jvm", round2(jvmCpuSeconds));
            if (otherCpuSeconds != null) {
                m.put("cpu_s_postgres", round2(otherCpuSeconds));
            }
            m.put("cpu_s_per_1000_orders", cpuSecondsPer1000Orders());
            if (machineBusy != null) {
                m.put("machine_cpu_busy", machineBusy);
            }
            return m;
        }
    }

    /** What the phases measured; {@code cold} is null without one, {@code sustained} null below the first step. */
    public record Result(
            Measured cold,
            List<Measured> bursts,
            long lagTargetMillis,
            List<Map<String, Object>> steps,
            Integer sustained,
            List<Integer> withinTarget,
            Map<String, Object> raw,
            Map<String, Object> rawSmtp,
            int recordBytes) {
        /** Nothing lost or doubled in any phase. */
        public boolean ok() {
            return (cold == null || cold.load().ok())
                    && bursts.stream().allMatch(b -> b.load().ok())
                    && steps.stream()
                            .allMatch(s -> ((Number) s.get("lost")).longValue() == 0
                                    && ((Number) s.get("duplicate_emails")).longValue() == 0);
        }

        /** Warm bursts whose transition lag p99 is within the target. */
        public long burstsWithinTarget() {
            return bursts.stream().filter(b -> b.lagP99() <= lagTargetMillis).count();
        }

        /** One line: whether every warm burst met the lag target. */
        public String verdict() {
            long within = burstsWithinTarget();
            String lags = String.join(
                    ", ", bursts.stream().map(b -> String.valueOf(b.lagP99())).toList());
            return (within == bursts.size() ? "PASS" : "FAIL") + ": " + within + " of " + bursts.size()
                    + " warm bursts with transition lag p99 ≤ " + lagTargetMillis + " ms (p99 " + lags + " ms)";
        }

        /** The last warm burst, the one a report draws. */
        public LoadResult lastBurst() {
            return bursts.get(bursts.size() - 1).load();
        }

        public Map<String, Object> summary() {
            Map<String, Object> result = new LinkedHashMap<>();
            if (cold != null) {
                result.put("cold_burst", cold.summary());
            }
            result.put("bursts", bursts.stream().map(Measured::summary).toList());
            result.put("bursts_within_lag_target", burstsWithinTarget());
            result.put("verdict", verdict());
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
    private final ProcessCpu cpu;

    /**
     * @param cpu the processes whose CPU time each phase reports (this JVM and, if separate, the
     *     database server)
     */
    public OrdersBench(LoadRun.Target target, Catalogue catalogue, Settings settings, Runner runner, ProcessCpu cpu) {
        this.target = target;
        this.catalogue = catalogue;
        this.settings = settings;
        this.runner = runner;
        this.cpu = cpu;
    }

    /** Without a progress bar, counting this JVM's CPU only. */
    public OrdersBench(LoadRun.Target target, Catalogue catalogue, Settings settings) {
        this(
                target,
                catalogue,
                settings,
                plan -> new LoadRun(target, catalogue, plan, LoadRun.Progress.NONE).run(),
                ProcessCpu.jvm());
    }

    public Result run() throws Exception {
        int recordBytes = recordBytes(catalogue);
        Map<String, Object> raw = raw(50_000, 1e9, recordBytes);
        System.err.println("raw Kafka, unpaced: " + raw);

        Measured cold = null;
        if (settings.warmupOrders() > 0) {
            System.err.println("cold burst of " + settings.warmupOrders() + " orders (reported apart) ...");
            cold = measure(new Plan(
                    Scenario.BURST, settings.warmupOrders(), 0, settings.concurrency(), 41, settings.client()));
            System.err.println("cold burst: " + cold.summary());
        }
        List<Measured> bursts = new ArrayList<>();
        for (int i = 1; i <= settings.bursts(); i++) {
            System.err.println("warm burst " + i + " of " + settings.bursts() + ": " + settings.orders() + " orders, "
                    + settings.stateDelay().toMillis() + " ms per state ...");
            Measured burst = measure(
                    new Plan(Scenario.BURST, settings.orders(), 0, settings.concurrency(), 41L + i, settings.client()));
            bursts.add(burst);
            System.err.println("warm burst " + i + ": " + burst.summary());
        }
        Map<String, Object> rawSmtp = rawSmtp(4 * settings.orders());
        System.err.println("raw SMTP: " + rawSmtp);

        List<Map<String, Object>> steps = new ArrayList<>();
        Integer sustained = null;
        List<Integer> withinTarget = new ArrayList<>();
        for (int rate : settings.rates()) {
            int count = (int) (rate * settings.step().toMillis() / 1000);
            System.err.println(
                    "steady " + rate + " orders/s for " + settings.step().toSeconds() + " s ...");
            Measured m = measure(
                    new Plan(Scenario.STEADY, count, rate, settings.concurrency(), 7L * rate, settings.client()));
            LoadResult r = m.load();
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
            row.put("cpu_s_per_1000_orders", m.cpuSecondsPer1000Orders());
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
                cold,
                bursts,
                settings.lagTarget().toMillis(),
                steps,
                sustained,
                withinTarget,
                raw,
                rawSmtp,
                recordBytes);
    }

    /** One load plan with the CPU it cost: from before the first POST until the run has seen its last e-mail. */
    private Measured measure(Plan plan) throws Exception {
        MachineCpu.Reading machineBefore = MachineCpu.read();
        ProcessCpu.Reading before = cpu.read();
        LoadResult r = runner.run(plan);
        ProcessCpu.Reading after = cpu.read();
        double busy = MachineCpu.read().busySince(machineBefore);
        double others = after.othersSecondsSince(before);
        return new Measured(
                r,
                after.jvmSecondsSince(before),
                cpu.measuresOthers() && !Double.isNaN(others) ? others : null,
                Double.isNaN(busy) ? null : round2(busy));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * A plain SMTP client against the same embedded server, right after the warm bursts (a warm
     * JVM): as many messages as a burst's e-mails (at most 20,000), over one connection and over as
     * many as a notifier uses. Empty with an external SMTP server, which the benchmark must not flood.
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
