package dev.sluice.answers.bench;

import dev.sluice.platform.report.MarkdownSection;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pipeline benchmark's checkpoint-interval sweep: for each interval of the scoring job, the
 * Kafka-fed capacity and the end-to-end latency at one offered rate, the same for every row (half
 * the first row's capacity, the bench's "half rate"), so a shorter interval's latency gain and its
 * throughput cost read off one table, each as a ratio to the first row.
 *
 * <p>Why it matters: the scoring job's sinks are exactly-once, so an answer reaches {@code
 * read_committed} readers only when the checkpoint after it completes; the interval is the floor of
 * the end-to-end latency, and each checkpoint costs a commit per sink and subtask.
 */
public final class CheckpointSweep {
    private CheckpointSweep() {}

    /**
     * One interval's results.
     *
     * @param kafkaPerS questions/s stored, fed straight to Kafka (the bench's capacity)
     * @param cpuBusy   the machine's CPU busy share during that phase, null if unknown
     * @param latencyRate the offered rate of the latency phase, questions/s
     * @param checkpoints the scoring job's checkpoints over both phases, null if Flink's REST API was not read
     */
    public record Row(
            long intervalMs,
            double kafkaPerS,
            Double cpuBusy,
            double latencyRate,
            long p50,
            long p95,
            long p99,
            CheckpointStats checkpoints) {
        public Row {
            if (intervalMs < 10) {
                throw new IllegalArgumentException("checkpoint interval must be at least 10 ms, was " + intervalMs);
            }
        }

        public Row withCheckpoints(CheckpointStats value) {
            return new Row(intervalMs, kafkaPerS, cpuBusy, latencyRate, p50, p95, p99, value);
        }
    }

    /**
     * The intervals to sweep, in milliseconds, checked: each at least 10 ms (Flink's minimum); the
     * first is the baseline the others are compared with.
     */
    public static List<Long> intervals(List<Long> millis) {
        Objects.requireNonNull(millis, "--checkpoint-intervals");
        if (millis.isEmpty()) {
            throw new IllegalArgumentException(
                    "--checkpoint-intervals needs at least one interval in ms, e.g. 2000,1000,500,250");
        }
        for (long ms : millis) {
            if (ms < 10) {
                throw new IllegalArgumentException("--checkpoint-intervals: " + ms
                        + " ms is below Flink's minimum of 10 ms; give milliseconds, e.g. 2000,1000,500,250");
            }
        }
        return List.copyOf(millis);
    }

    /** The rows as flat summary entries, {@code checkpoint_<ms>ms_<measure>}, for the run's summary line. */
    public static Map<String, Object> summary(List<Row> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Row r : rows) {
            // an interval measured twice (the first again at the end, to see the drift of the run) keeps both
            String k = "checkpoint_" + r.intervalMs() + "ms_";
            while (m.containsKey(k + "kafka_questions_per_s")) {
                k = k + "again_";
            }
            m.put(k + "kafka_questions_per_s", r.kafkaPerS());
            m.put(k + "kafka_ratio", ratio(r.kafkaPerS(), rows.get(0).kafkaPerS()));
            m.put(k + "latency_rate_per_s", r.latencyRate());
            m.put(k + "latency_ms_p50", r.p50());
            m.put(k + "latency_ms_p95", r.p95());
            m.put(k + "latency_ms_p99", r.p99());
            if (r.checkpoints() != null) {
                m.put(k + "checkpoints", r.checkpoints().completed());
                m.put(k + "checkpoint_ms_p50", r.checkpoints().durationP50Ms());
                m.put(k + "checkpoint_ms_max", r.checkpoints().durationMaxMs());
                m.put(k + "state_bytes", r.checkpoints().stateBytes());
            }
        }
        return m;
    }

    /**
     * The sweep's section of docs/benchmarks.md: the command, the raw Kafka baseline of the same run,
     * and the table.
     */
    public static String markdown(
            PipelineBench.Settings s, List<String> phases, List<Row> rows, Map<String, Object> run) {
        StringBuilder md = new StringBuilder();
        md.append("## Answers pipeline: checkpoint interval, latency and its throughput cost\n\n");
        md.append("Command: `./sluice bench pipeline --phases ")
                .append(String.join(",", phases))
                .append(" --checkpoint-intervals ");
        md.append(String.join(
                ",", rows.stream().map(r -> Long.toString(r.intervalMs())).toList()));
        md.append(s.runFlags())
                .append("`  \nRun on ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, the same one-JVM stack as above; scorer ")
                .append(run.get("scorer"))
                .append(". Raw Kafka in the same run (unpaced produce→consume of ")
                .append(run.get("record_bytes"))
                .append("-byte records, same broker): ")
                .append(run.get("raw_kafka_per_s"))
                .append(" records/s.\n\n");
        md.append("For each interval the answers services and the scoring job are started afresh with it; the Kafka"
                        + " phase measures that interval's capacity (")
                .append(s.seconds())
                .append(" s after a ")
                .append(s.warmup())
                .append(" s warm-up, at most ")
                .append(s.backlog())
                .append(" questions in flight), then the latency phase offers ")
                .append(rows.get(0).latencyRate())
                .append(" questions/s for ")
                .append(s.latencySeconds())
                .append(" s, half the first row's capacity, to every row, so the rows differ only in the interval."
                        + " Latency is submitted → stored in PostgreSQL, exactly once.\n\n");
        md.append(markdownTable(rows));
        return md.toString();
    }

    /** The sweep's table, one row per interval, with the capacity as a ratio to the first row. */
    public static String markdownTable(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| checkpoint interval, ms | questions/s straight to Kafka (stored) | ratio to ")
                .append(rows.get(0).intervalMs())
                .append(" ms | CPU busy | latency at, questions/s | p50 ms | p95 ms | p99 ms"
                        + " | checkpoints | checkpoint p50 / max ms | state, KB |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(MarkdownSection.row(
                            r.intervalMs(),
                            r.kafkaPerS(),
                            ratio(r.kafkaPerS(), rows.get(0).kafkaPerS()),
                            r.cpuBusy() == null ? "n/a" : Math.round(r.cpuBusy() * 100) + "%",
                            r.latencyRate(),
                            r.p50(),
                            r.p95(),
                            r.p99(),
                            r.checkpoints() == null ? "n/a" : r.checkpoints().completed(),
                            r.checkpoints() == null
                                    ? "n/a"
                                    : r.checkpoints().durationP50Ms() + " / "
                                            + r.checkpoints().durationMaxMs(),
                            r.checkpoints() == null ? "n/a" : r.checkpoints().stateBytes() / 1024))
                    .append('\n');
        }
        return md.toString();
    }

    static double ratio(double value, double baseline) {
        return baseline > 0 ? PipelineBench.round2(value / baseline) : Double.NaN;
    }
}
