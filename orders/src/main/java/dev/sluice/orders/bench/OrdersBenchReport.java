package dev.sluice.orders.bench;

import dev.sluice.orders.loadgen.LoadResult;
import dev.sluice.platform.report.MarkdownSection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The orders benchmark's section of docs/benchmarks.md, from its settings and {@link OrdersBench.Result}. */
public final class OrdersBenchReport {
    private OrdersBenchReport() {}

    @SuppressWarnings("unchecked")
    public static String markdown(
            OrdersBench.Settings settings, OrdersBench.Result r, Map<String, Object> result, int partitions) {
        LoadResult warm = r.warm();
        LoadResult burst = r.burst();
        List<Map<String, Object>> steps = r.steps();
        int recordBytes = r.recordBytes();
        Map<String, Object> b = burst.summary();
        Map<String, Object> raw = (Map<String, Object>) result.get("raw_unpaced");
        StringBuilder md = new StringBuilder();
        md.append("## Orders: burst, sustained rate, raw Kafka baseline\n\n");
        md.append("Command: `./sluice orders bench --orders ")
                .append(settings.orders())
                .append(" --state-delay ")
                .append(settings.stateDelay().toMillis())
                .append("ms --warmup-orders ")
                .append(settings.warmupOrders())
                .append(" --rates ")
                .append(String.join(
                        ",", settings.rates().stream().map(String::valueOf).toList()))
                .append(" --step ")
                .append(settings.step().toSeconds())
                .append("s --concurrency ")
                .append(settings.concurrency())
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
                .append(settings.concurrency())
                .append(" concurrent clients). Total ")
                .append(result.get("total_s"))
                .append(" s.\n\n");
        md.append("**Burst** of ")
                .append(settings.orders())
                .append(" orders posted at once, ")
                .append(settings.stateDelay().toMillis())
                .append(" ms per state:\n\n");
        md.append(
                        "| orders | accepted | finalized | e-mails (expected) | lost | dup e-mails | accepted/s | POST p50 / p99 ms | lag p50 / p99 / max ms (target p99 ≤ ")
                .append(settings.lagTarget().toMillis())
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
                    .append(settings.warmupOrders())
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
                .append(" ms. E-mails: the last sent ")
                .append(b.get("email_drain_ms"))
                .append(" ms after the last order's configured delays; **")
                .append(b.get("emails_per_s_mean"))
                .append(" e-mails/s** from the first second with a sent e-mail to the last (peak second ")
                .append(b.get("emails_per_s_peak"))
                .append(")")
                .append(rawSmtp(r.rawSmtp(), b))
                .append(". Machine CPU busy during the burst (all processes, until the last e-mail): ")
                .append(
                        result.get("burst_cpu_busy") instanceof Number n
                                ? Math.round(n.doubleValue() * 100) + "%"
                                : "n/a")
                .append(".\n\n");
        md.append("**Sustained rate**: steady orders/s for ")
                .append(settings.step().toSeconds())
                .append(" s per step, stepped up until the POST rate falls below 90% of the ")
                .append(
                        "offered rate, the lag p99 exceeds 4× the target, or the backlog grows (the last order finalizes, or its last e-mail is sent, more than ")
                .append(
                        "2 s after the last POST answered plus the 3 configured delays). Each order is 11 Kafka records (1 requested, 4 status, 3 into a delay tier, 3 advance) plus the ")
                .append(
                        "scheduler's and processor's transaction markers, 4 SMTP messages each with its own 'sent' mark (1 PostgreSQL statement) and, per polled batch of up to 500 status records, 2–3 statements, so next to each step raw Kafka ")
                .append("carries 11 × the order rate of ")
                .append(recordBytes)
                .append("-byte records (the JSON size of an order) from one producer to one ")
                .append("read_committed consumer on the same broker.\n\n");
        md.append(
                "| offered orders/s | accepted/s | POST p99 ms | lag p50 ms | lag p99 ms | POST → finalizado p99 ms | finalize / e-mail drain ms | lost | dup | raw Kafka records/s | raw p50 ms | raw p99 ms |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> s : steps) {
            md.append(MarkdownSection.row(
                    s.get("offered_per_s"),
                    s.get("accepted_per_s"),
                    s.get("post_ms_p99"),
                    s.get("lag_ms_p50"),
                    s.get("lag_ms_p99"),
                    s.get("completion_ms_p99"),
                    s.get("finalize_drain_ms") + " / " + s.get("email_drain_ms"),
                    s.get("lost"),
                    s.get("duplicate_emails"),
                    s.get("raw_records_per_s"),
                    s.get("raw_ms_p50"),
                    s.get("raw_ms_p99")));
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
                .append(settings.lagTarget().toMillis())
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
                .append(" ms).\n");
        return md.toString();
    }

    /** The raw SMTP baseline of the same run and the notifier's ratio to it, or nothing with an external server. */
    private static String rawSmtp(Map<String, Object> raw, Map<String, Object> burst) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        long peak = ((Number) burst.get("emails_per_s_peak")).longValue();
        long one = ((Number) raw.get("per_s_1_connection")).longValue();
        long many = ((Number) raw.get("per_s_n_connections")).longValue();
        return "; raw SMTP in the same run (a plain Jakarta Mail client, " + raw.get("messages")
                + " messages of the same shape to the same GreenMail, no Kafka, no database): " + one
                + "/s over 1 connection, " + many + "/s over " + raw.get("connections")
                + " connections, so the notifier's peak second is " + Math.round(100.0 * peak / Math.max(1, one))
                + "% of the one-connection client and " + Math.round(100.0 * peak / Math.max(1, many))
                + "% of the " + raw.get("connections") + "-connection one";
    }

    @SuppressWarnings("unchecked")
    private static String withinTarget(Map<String, Object> result) {
        List<Integer> rates = (List<Integer>) result.get("steps_within_lag_target_orders_per_s");
        return rates.isEmpty()
                ? "no step"
                : String.join(", ", rates.stream().map(String::valueOf).toList()) + " orders/s";
    }
}
