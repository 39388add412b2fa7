package dev.sluice.platform.delay.bench;

import dev.sluice.platform.report.MarkdownSection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The delay benchmark's section of docs/benchmarks.md, from its settings, summary and per-rate rows. */
public final class DelayBenchReport {
    private DelayBenchReport() {}

    public static String markdown(
            DelayBench.Settings settings, Map<String, Object> result, List<Map<String, Object>> rows) {
        StringBuilder md = new StringBuilder();
        md.append("## Delay topics vs raw Kafka\n\n");
        md.append("Command: `./sluice bench delay --rates ")
                .append(String.join(
                        ",", settings.rates().stream().map(String::valueOf).toList()))
                .append(" --seconds ")
                .append(settings.seconds())
                .append(" --record-bytes ")
                .append(settings.recordBytes())
                .append(" --min-delay ")
                .append(settings.minDelay().toMillis())
                .append("ms --max-delay ")
                .append(settings.maxDelay().toMillis())
                .append("ms`  \n");
        md.append("Run on ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(
                        " cores, embedded single broker in the same JVM as load generator, scheduler and observer.\n\n");
        md.append(
                "Raw: records produced straight to a topic, latency = consumed minus produced. Delayed: records sent through the delay tiers with delays log-uniform in [min, max], lateness = seen by a read_committed consumer minus due time. Same record size, same offered rate, same broker, same run. Delivered/s is counted between the first and last arrival; for delayed records the spread of the delays themselves (max - min) is taken off that span, so a ratio near 1 means the scheduler kept up with the offered rate.\n\n");
        md.append(
                "| offered/s | records | waiting (avg) | raw delivered/s | raw p50 ms | raw p99 ms | delay delivered/s | lateness p50 ms | lateness p99 ms | throughput ratio | lost | dup | early |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : rows) {
            md.append(MarkdownSection.row(
                            r.get("offered_per_s"),
                            r.get("records"),
                            r.get("waiting_avg"),
                            r.get("raw_delivered_per_s"),
                            r.get("raw_latency_ms_p50"),
                            r.get("raw_latency_ms_p99"),
                            r.get("delay_delivered_per_s"),
                            r.get("delay_lateness_ms_p50"),
                            r.get("delay_lateness_ms_p99"),
                            r.get("throughput_ratio"),
                            r.get("delay_lost"),
                            r.get("delay_duplicates"),
                            r.get("delay_early")))
                    .append('\n');
        }
        md.append("\nEmbedded stack start-up: ")
                .append(result.get("startup_ms"))
                .append(" ms (Kafka ")
                .append(result.get("startup_ms_kafka"))
                .append(" ms, PostgreSQL ")
                .append(result.get("startup_ms_postgres"))
                .append(" ms, Flink MiniCluster ")
                .append(result.get("startup_ms_flink"))
                .append(" ms); resident memory after start-up: ")
                .append(result.get("rss_mb"))
                .append(" MB (this JVM plus its PostgreSQL processes).\n");
        return md.toString();
    }
}
