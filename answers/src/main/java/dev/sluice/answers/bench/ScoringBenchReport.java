package dev.sluice.answers.bench;

import java.time.LocalDate;
import java.util.Map;

/** The scoring benchmark's section of docs/benchmarks.md, from its settings and results. */
public final class ScoringBenchReport {
    private ScoringBenchReport() {}

    public static String markdown(ScoringBench.Settings s, Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("## Semantic scoring in the Flink job vs raw inference\n\n");
        md.append("Command: `./sluice bench scoring --questions ")
                .append(s.questions())
                .append(" --attempts ")
                .append(s.attempts())
                .append(" --parallelism ")
                .append(s.parallelism())
                .append(" --batch-size ")
                .append(s.batchSize())
                .append(" --batch-timeout ")
                .append(s.batchTimeout().toMillis())
                .append("ms --latency-seconds ")
                .append(s.latencySeconds())
                .append(s.latencyRate() > 0 ? " --latency-rate " + s.latencyRate() : "")
                .append("`  \n");
        md.append("Run on ")
                .append(LocalDate.now())
                .append(", ")
                .append(r.get("cores"))
                .append(
                        " cores shared with other work; embedded broker, Flink MiniCluster and both models in one JVM.\n\n");
        md.append("The default composite (all-MiniLM-L6-v2 and bge-small-en-v1.5 cosines, ONNX Runtime, CPU) on ")
                .append(r.get("answers"))
                .append(" answers (sample dataset, ")
                .append(s.questions())
                .append(" questions x ")
                .append(s.attempts())
                .append(" attempts, ")
                .append(r.get("mean_words_per_text"))
                .append(" words per answer on average, ")
                .append(r.get("texts_embedded"))
                .append(" texts embedded per model: each reference once, every candidate). ")
                .append("Raw: the same answers, ")
                .append(s.batchSize())
                .append(" per call, the same models, in ")
                .append(s.parallelism())
                .append(" concurrent stream(s) split by question as the job's key groups split them, each call with ")
                .append(r.get("onnx_threads"))
                .append(
                        " ONNX threads (the job's layout on this machine), no Kafka, no Flink; run before and after the job. ")
                .append("Job: the answers as a backlog in answers.generated, the bounded scoring job at parallelism ")
                .append(s.parallelism())
                .append(", counted from its first batch's end to its last (start-up and model loading left out, ")
                .append(r.get("job_wall_s_incl_startup"))
                .append(" s wall with them).\n\n");
        md.append("| | answers/s (wall) | answers/s per core | answers per CPU-second |\n|---|---:|---:|---:|\n");
        md.append("| raw batched inference (before / after) | ")
                .append(r.get("raw_answers_per_s_before"))
                .append(" / ")
                .append(r.get("raw_answers_per_s_after"))
                .append(" | ")
                .append(r.get("raw_answers_per_s_per_core"))
                .append(" | ")
                .append(r.get("raw_answers_per_cpu_s"))
                .append(" |\n");
        md.append("| scoring job (Kafka in, exactly-once Kafka out) | ")
                .append(r.get("job_answers_per_s"))
                .append(" | ")
                .append(r.get("job_answers_per_s_per_core"))
                .append(" | ")
                .append(r.get("job_answers_per_cpu_s"))
                .append(" |\n");
        md.append("| **ratio job / raw** (target ≥ ")
                .append(ScoringBench.TARGET_RATIO)
                .append(") | **")
                .append(r.get("ratio"))
                .append("** | | **")
                .append(r.get("cpu_ratio"))
                .append("** |\n\n");
        md.append("Answers/s per core = answers/s over all ")
                .append(r.get("cores"))
                .append(" cores. Answers per CPU-second: this ")
                .append(
                        "process's CPU time over the same window (for the job that includes Flink, the Kafka source and sinks and the ")
                .append(
                        "broker, all in this JVM), which a neighbour's load on a shared machine disturbs far less than wall time; ")
                .append("load average at start: ")
                .append(r.get("load_average_at_start"))
                .append(".\n\n");
        md.append("Latency the scoring step adds, at ")
                .append(r.get("latency_rate_per_s"))
                .append(" answers/s offered for ")
                .append(s.latencySeconds())
                .append(" s (")
                .append(r.get("latency_answers"))
                .append(" answers; generatedAt stamped at produce, ")
                .append(
                        "scoredAt when the batch is done, read uncommitted so the checkpoint interval is not counted), composite minus ")
                .append("token F1 (no model) on the same stack at the same rate:\n\n");
        md.append("| | p50 ms | p95 ms |\n|---|---:|---:|\n");
        md.append("| generated → scored, composite | ")
                .append(r.get("composite_latency_ms_p50"))
                .append(" | ")
                .append(r.get("composite_latency_ms_p95"))
                .append(" |\n");
        md.append("| generated → scored, token F1 | ")
                .append(r.get("token_f1_latency_ms_p50"))
                .append(" | ")
                .append(r.get("token_f1_latency_ms_p95"))
                .append(" |\n");
        md.append("| **added by semantic scoring** | **")
                .append(r.get("added_latency_ms_p50"))
                .append("** | **")
                .append(r.get("added_latency_ms_p95"))
                .append("** |\n");
        return md.toString();
    }
}
