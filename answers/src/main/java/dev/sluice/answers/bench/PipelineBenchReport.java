package dev.sluice.answers.bench;

import java.time.LocalDate;
import java.util.Map;

/** The pipeline benchmark's section of docs/benchmarks.md, from its settings and results. */
public final class PipelineBenchReport {
    private PipelineBenchReport() {}

    public static String markdown(PipelineBench.Settings s, Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("## Answers pipeline end to end\n\n");
        md.append("Command: `./sluice bench pipeline")
                .append(s.runFlags())
                .append(" --http-batch ")
                .append(s.httpBatch())
                .append(httpLoad(r))
                .append(" --quota ")
                .append(s.quota())
                .append(" --quota-seconds ")
                .append(s.quotaSeconds())
                .append("`  \nRun on ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores; everything (broker, PostgreSQL, Flink MiniCluster, simulator, ")
                .append(s.workers())
                .append(" LLM workers, storage, gateway, load) in one JVM plus PostgreSQL. Scorer: ")
                .append(r.get("scorer"))
                .append(
                        " (the default here, so the numbers are the pipeline's, not the model's: `bench scoring` measures the semantic scorer; `--set answers.scorer=composite` runs this with it)")
                .append("; checkpoint interval ")
                .append(r.get("checkpoint_interval_ms"))
                .append(" ms.\n\n");
        md.append("Throughput phases: LLM simulator at zero latency and no errors; at most ")
                .append(s.backlog())
                .append(
                        " questions in the pipeline (a bound that must exceed rate × end-to-end time, or the phase measures the latency instead of the capacity; "
                                + "HTTP also keeps at most 256 POSTs in flight, over keep-alive HTTP/1.1 connections; its load generator runs in this JVM, or in its own process that this JVM starts and allows questions up to the same bound); counted as results stored in PostgreSQL per second over ")
                .append(s.seconds())
                .append(" s after a ")
                .append(s.warmup())
                .append(" s warm-up. Raw Kafka: unpaced produce→consume of ")
                .append(r.get("record_bytes"))
                .append("-byte records (a question task's mean size) on the same broker.\n\n");
        md.append("| measure | value | target |\n|---|---:|---|\n");
        md.append("| raw Kafka produce→consume, records/s | ")
                .append(r.get("raw_kafka_per_s"))
                .append(" | baseline |\n");
        md.append("| questions/s straight to Kafka (stored) | ")
                .append(r.get("kafka_questions_per_s"))
                .append(" | ≥ 1,000 |\n");
        md.append("| machine CPU busy during the Kafka phase (all processes) | ")
                .append(percent(r.get("kafka_cpu_busy")))
                .append(" | |\n");
        cpuPerThousand(md, r, "kafka");
        md.append("| ratio to raw Kafka | ").append(r.get("kafka_ratio_to_raw")).append(" | |\n");
        String target = Integer.valueOf(1).equals(r.get("http_batch")) ? "≥ 800" : "≥ 500";
        httpRows(md, r, "http", "in this JVM", "the HTTP phase", target);
        httpRows(md, r, "http_separate", "in its own process", "that phase", target);
        md.append("| latency p50 / p95 / p99 at ")
                .append(r.get("latency_rate_per_s"))
                .append("/s, ms | ")
                .append(r.get("latency_ms_p50"))
                .append(" / ")
                .append(r.get("latency_ms_p95"))
                .append(" / ")
                .append(r.get("latency_ms_p99"))
                .append(" | p50 ≤ checkpoint interval + 250 |\n");
        md.append("| quota ")
                .append(r.get("quota_per_s"))
                .append(" calls/s, offered ")
                .append(r.get("quota_offered_per_s"))
                .append(" q/s: successful calls/s | ")
                .append(r.get("quota_successful_per_s"))
                .append(" (")
                .append(r.get("quota_use"))
                .append(" of quota) | ≥ 0.95 of quota |\n");
        md.append("| rejected (429) share of all calls | ")
                .append(r.get("quota_rejected_share"))
                .append(" (")
                .append(r.get("quota_rejected"))
                .append(" of ")
                .append(r.get("quota_calls"))
                .append(") | ≤ 0.05 |\n");
        md.append("| lost in the quota phase | ")
                .append(r.get("quota_lost"))
                .append(" of ")
                .append(r.get("quota_questions"))
                .append(" | 0 |\n");
        md.append("| peak resident memory, MB | ").append(r.get("peak_rss_mb")).append(" | |\n");
        return md.toString();
    }

    /** CPU-seconds per 1,000 questions stored in a phase: the whole machine's, and this JVM's with the processes it started. */
    /** The rows of one HTTP phase ({@code phase}_questions_per_s, its CPU), when it ran. */
    private static void httpRows(
            StringBuilder md, Map<String, Object> r, String phase, String where, String busyLabel, String target) {
        if (!r.containsKey(phase + "_questions_per_s")) {
            return;
        }
        md.append("| questions/s over HTTP, ")
                .append(r.get("http_batch"))
                .append(" per POST, load generator ")
                .append(where)
                .append(" (stored) | ")
                .append(r.get(phase + "_questions_per_s"))
                .append(" | ")
                .append(target)
                .append(" |\n");
        md.append("| machine CPU busy during ")
                .append(busyLabel)
                .append(" | ")
                .append(percent(r.get(phase + "_cpu_busy")))
                .append(" | |\n");
        cpuPerThousand(md, r, phase);
    }

    private static void cpuPerThousand(StringBuilder md, Map<String, Object> r, String phase) {
        md.append("| CPU-seconds per 1,000 questions stored: whole machine / this JVM and its child processes | ")
                .append(orNa(r.get(phase + "_cpu_s_per_1000")))
                .append(" / ")
                .append(orNa(r.get(phase + "_process_cpu_s_per_1000")))
                .append(" | |\n");
    }

    private static String orNa(Object value) {
        return value == null ? "n/a" : value.toString();
    }

    /** The {@code --http-load} flag that gives this run's HTTP phases. */
    private static String httpLoad(Map<String, Object> r) {
        boolean in = r.containsKey("http_questions_per_s");
        boolean separate = r.containsKey("http_separate_questions_per_s");
        if (!in && !separate) {
            return "";
        }
        return " --http-load " + (in && separate ? "both" : separate ? "process" : "in-process");
    }

    private static String percent(Object share) {
        return share instanceof Number n ? Math.round(n.doubleValue() * 100) + "%" : "n/a";
    }
}
