package dev.sluice.orders.bench;

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
        List<Map<String, Object>> steps = r.steps();
        int recordBytes = r.recordBytes();
        Map<String, Object> raw = (Map<String, Object>) result.get("raw_unpaced");
        StringBuilder md = new StringBuilder();
        md.append("## Orders: bursts, sustained rate, raw Kafka baseline\n\n");
        md.append("Command: `./sluice bench orders --orders ")
                .append(settings.orders())
                .append(" --bursts ")
                .append(settings.bursts())
                .append(" --state-delay ")
                .append(settings.stateDelay().toMillis())
                .append("ms --warmup-orders ")
                .append(settings.warmupOrders())
                .append(
                        settings.rates().isEmpty()
                                ? " --no-ladder"
                                : " --rates "
                                        + String.join(
                                                ",",
                                                settings.rates().stream()
                                                        .map(String::valueOf)
                                                        .toList())
                                        + " --step " + settings.step().toSeconds() + "s")
                .append(" --concurrency ")
                .append(settings.concurrency())
                .append(
                        settings.client().nice() == 0
                                ? ""
                                : " --client-nice " + settings.client().nice())
                .append(settings.client().idempotencyKeys() ? " --idempotency-keys" : "")
                .append("` (also `./sluice orders bench`)  \n");
        md.append("Run on ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(
                        " cores, everything in one JVM: embedded single Kafka broker, GreenMail, delay scheduler, the three orders services ")
                .append("(one instance each), ")
                .append(partitions)
                .append(" partitions, and the load generator (HTTP, ")
                .append(settings.concurrency())
                .append(" concurrent clients")
                .append(
                        settings.client().nice() == 0
                                ? ""
                                : ", its threads at nice " + settings.client().nice()
                                        + " so that it takes only the CPU the system leaves")
                .append(settings.client().idempotencyKeys() ? ", every POST with its own `Idempotency-Key`" : "")
                .append("); PostgreSQL in its own processes. Total ")
                .append(result.get("total_s"))
                .append(" s.\n\n");
        md.append("**Bursts** of ")
                .append(settings.orders())
                .append(" orders posted at once, ")
                .append(settings.stateDelay().toMillis())
                .append(" ms per state, one after the other on one stack, each after the last one's e-mails are sent; ")
                .append("the cold burst is the freshly started JVM's first work (the JIT compiling the hot paths), ")
                .append("reported apart. Lag: how late each state change is published beyond its configured delay; ")
                .append("scheduler: due → the delay scheduler forwarded the step; hand-off: forwarded → the processor ")
                .append(
                        "published the new state. CPU: this JVM plus the PostgreSQL server's processes, from the first POST ")
                .append("until the last e-mail is recorded.\n\n");
        md.append("| burst | accepted/s | POST p99 ms | lag p50 / p99 / max ms (target p99 ≤ ")
                .append(settings.lagTarget().toMillis())
                .append(
                        ") | scheduler p99 ms | hand-off p99 ms | finalized | e-mails (expected) | e-mails/s mean / peak | lost | dup | ")
                .append("CPU-s JVM + PostgreSQL | **CPU-s per 1,000 orders** | machine busy | elapsed s |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        if (r.cold() != null) {
            md.append(burstRow("cold (" + settings.warmupOrders() + ")", r.cold()));
        }
        for (int i = 0; i < r.bursts().size(); i++) {
            md.append(burstRow("warm " + (i + 1), r.bursts().get(i)));
        }
        md.append("\n**").append(r.verdict()).append("**.\n\n");
        Map<String, Object> last = r.bursts().get(r.bursts().size() - 1).summary();
        md.append("E-mails in the last warm burst: the last sent ")
                .append(last.get("email_drain_ms"))
                .append(" ms after the last order's configured delays; **")
                .append(last.get("emails_per_s_mean"))
                .append(" e-mails/s** from the first second with a sent e-mail to the last (peak second ")
                .append(last.get("emails_per_s_peak"))
                .append(")")
                .append(rawSmtp(r.rawSmtp(), last))
                .append(".\n\n");
        if (steps.isEmpty()) {
            return md.append(
                            "Steady steps: not run (`--no-ladder`). Raw Kafka, unpaced, same broker and record size: **")
                    .append(raw.get("per_s"))
                    .append(" records/s**.\n")
                    .toString();
        }
        md.append("**Sustained rate**: steady orders/s for ")
                .append(settings.step().toSeconds())
                .append(" s per step, stepped up until the POST rate falls below 90% of the ")
                .append(
                        "offered rate, the lag p99 exceeds 4× the target, or the backlog grows (the last order finalizes, or its last e-mail is sent, more than ")
                .append(
                        "2 s after the last POST answered plus the 3 configured delays). CPU-s per 1,000 orders as for the bursts, over the step and its drain. Each order is 11 Kafka records (1 requested, 4 status, 3 into a delay tier, 3 advance) plus the ")
                .append(
                        "scheduler's and processor's transaction markers, 4 SMTP messages each with its own 'sent' mark (1 PostgreSQL statement) and, per polled batch of up to 500 status records, 2–3 statements, so next to each step raw Kafka ")
                .append("carries 11 × the order rate of ")
                .append(recordBytes)
                .append("-byte records (the JSON size of an order) from one producer to one ")
                .append("read_committed consumer on the same broker.\n\n");
        md.append(
                "| offered orders/s | accepted/s | POST p99 ms | lag p50 ms | lag p99 ms | POST → finalizado p99 ms | finalize / e-mail drain ms | lost | dup | CPU-s per 1,000 orders | raw Kafka records/s | raw p50 ms | raw p99 ms |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
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
                    s.get("cpu_s_per_1000_orders"),
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

    private static String burstRow(String name, OrdersBench.Measured m) {
        Map<String, Object> b = m.summary();
        return MarkdownSection.row(
                        name,
                        b.get("accepted_per_s"),
                        b.get("post_latency_ms_p99"),
                        b.get("transition_lag_ms_p50") + " / " + b.get("transition_lag_ms_p99") + " / "
                                + b.get("transition_lag_ms_max"),
                        b.get("lag_scheduler_ms_p99"),
                        b.get("lag_handoff_ms_p99"),
                        b.get("finalized"),
                        b.get("emails_sent") + " (" + b.get("emails_expected") + ")",
                        b.get("emails_per_s_mean") + " / " + b.get("emails_per_s_peak"),
                        b.get("lost"),
                        b.get("duplicate_emails"),
                        b.get("cpu_s_jvm") + (b.containsKey("cpu_s_postgres") ? " + " + b.get("cpu_s_postgres") : ""),
                        "**" + b.get("cpu_s_per_1000_orders") + "**",
                        b.containsKey("machine_cpu_busy")
                                ? Math.round(((Number) b.get("machine_cpu_busy")).doubleValue() * 100) + "%"
                                : "n/a",
                        b.get("elapsed_s"))
                + "\n";
    }

    @SuppressWarnings("unchecked")
    private static String withinTarget(Map<String, Object> result) {
        List<Integer> rates = (List<Integer>) result.get("steps_within_lag_target_orders_per_s");
        return rates.isEmpty()
                ? "no step"
                : String.join(", ", rates.stream().map(String::valueOf).toList()) + " orders/s";
    }
}
