package dev.sluice.cli;

import dev.sluice.cli.delay.DelayRun;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * Delay topics against raw Kafka: the same record size and offered rate sent once straight to a
 * topic (produce → consume latency) and once through the delay tiers (delivered minus due), in
 * one run on one broker. Also reports how long the embedded stack took to start and its memory.
 */
@Command(
        name = "delay",
        mixinStandardHelpOptions = true,
        description = "Delay topics vs raw Kafka produce→consume, plus embedded stack start-up and memory.")
final class BenchDelayCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "1000,10000",
            description = "offered records/s to test (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(
            names = "--seconds",
            defaultValue = "20",
            description = "seconds of load per rate (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--record-bytes", defaultValue = "200", description = "value size (default: ${DEFAULT-VALUE})")
    int recordBytes;

    @Option(names = "--min-delay", defaultValue = "1s", converter = DurationConverter.class)
    Duration minDelay;

    @Option(names = "--max-delay", defaultValue = "5s", converter = DurationConverter.class)
    Duration maxDelay;

    @Option(
            names = "--out",
            defaultValue = "docs/benchmarks.md",
            description = "Markdown file whose delay section is replaced (default: ${DEFAULT-VALUE}); '-' for none")
    String out;

    @Option(names = "--json", description = "print one JSON line with all results")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var config = stack.load();
        long t0 = System.nanoTime();
        try (Infrastructure infra = Infrastructure.start(config, stack.fresh())) {
            Duration startup = Duration.ofNanos(System.nanoTime() - t0);
            long rss = Memory.residentBytes(config.workDir());
            List<Map<String, Object>> rows = new ArrayList<>();
            Clock clock = Clock.systemUTC();
            try (DelayScheduler scheduler = new DelayScheduler(
                            infra.kafkaClientProps(),
                            infra.delayTiers(),
                            DelayScheduler.Settings.of("sluice.bench.scheduler", "bench"),
                            clock,
                            new SimpleMeterRegistry())
                    .start()) {
                for (int rate : rates) {
                    int count = rate * seconds;
                    String runId = UUID.randomUUID().toString().substring(0, 8);
                    Map<String, Object> raw =
                            measure(infra, "bench.raw." + runId, runId, count, rate, null, Duration.ZERO);
                    Map<String, Object> delayed = measure(
                            infra,
                            "bench.delayed." + runId,
                            runId,
                            count,
                            rate,
                            new DelayedRecords(infra.delayTiers(), clock),
                            maxDelay);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("offered_per_s", rate);
                    row.put("records", count);
                    row.put(
                            "waiting_avg",
                            Math.round(rate
                                    * (maxDelay.toMillis() - minDelay.toMillis())
                                    / Math.log((double) maxDelay.toMillis() / minDelay.toMillis())
                                    / 1000.0));
                    row.put("raw_delivered_per_s", raw.get("per_s"));
                    row.put("raw_latency_ms_p50", raw.get("p50"));
                    row.put("raw_latency_ms_p99", raw.get("p99"));
                    row.put("delay_delivered_per_s", delayed.get("per_s"));
                    row.put("delay_lateness_ms_p50", delayed.get("p50"));
                    row.put("delay_lateness_ms_p99", delayed.get("p99"));
                    row.put("delay_lost", delayed.get("lost"));
                    row.put("delay_duplicates", delayed.get("duplicates"));
                    row.put("delay_early", delayed.get("early"));
                    row.put(
                            "throughput_ratio",
                            Math.round((double) delayed.get("per_s") / (double) raw.get("per_s") * 100) / 100.0);
                    rows.add(row);
                    System.err.println("rate " + rate + "/s: " + row);
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("startup_ms", startup.toMillis());
            infra.startTimes().forEach((k, v) -> result.put("startup_ms_" + k, v.toMillis()));
            result.put("rss_mb", rss / (1024 * 1024));
            result.put("rates", rows);
            if (!"-".equals(out)) {
                writeMarkdown(Path.of(out), result, rows);
            }
            Summary.print(result, json);
            boolean ok = rows.stream()
                    .allMatch(r -> ((Number) r.get("delay_lost")).longValue() == 0
                            && ((Number) r.get("delay_duplicates")).longValue() == 0
                            && ((Number) r.get("delay_early")).longValue() == 0);
            return ok ? 0 : 1;
        }
    }

    private Map<String, Object> measure(
            Infrastructure infra,
            String topic,
            String runId,
            int count,
            int rate,
            DelayedRecords delayed,
            Duration maxDelayForRun)
            throws Exception {
        try (Admin admin = infra.clients().admin()) {
            Topics.ensure(admin, List.of(TopicSpec.of(topic, 3)));
        }
        try (DelayRun run = new DelayRun(infra.clients(), topic, runId)) {
            run.send(count, rate, recordBytes, minDelay, maxDelay, delayed, 7, null);
            long deadline = System.currentTimeMillis() + maxDelayForRun.toMillis() + 120_000;
            while (run.distinct() < count && System.currentTimeMillis() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            Duration spread = delayed == null ? Duration.ZERO : maxDelay.minus(minDelay);
            m.put("per_s", Math.round(run.deliveredPerSecond(spread) * 10) / 10.0);
            m.put("p50", run.lateness().getValueAtPercentile(50));
            m.put("p99", run.lateness().getValueAtPercentile(99));
            m.put("lost", (long) count - run.distinct());
            m.put("duplicates", run.duplicates());
            m.put("early", run.early());
            return m;
        }
    }

    private void writeMarkdown(Path file, Map<String, Object> result, List<Map<String, Object>> rows)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("<!-- bench:delay:start -->\n## Delay topics vs raw Kafka\n\n");
        md.append("Command: `./sluice bench delay --rates ")
                .append(String.join(",", rates.stream().map(String::valueOf).toList()))
                .append(" --seconds ")
                .append(seconds)
                .append(" --record-bytes ")
                .append(recordBytes)
                .append(" --min-delay ")
                .append(minDelay.toMillis())
                .append("ms --max-delay ")
                .append(maxDelay.toMillis())
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
            md.append("| ")
                    .append(r.get("offered_per_s"))
                    .append(" | ")
                    .append(r.get("records"))
                    .append(" | ")
                    .append(r.get("waiting_avg"))
                    .append(" | ")
                    .append(r.get("raw_delivered_per_s"))
                    .append(" | ")
                    .append(r.get("raw_latency_ms_p50"))
                    .append(" | ")
                    .append(r.get("raw_latency_ms_p99"))
                    .append(" | ")
                    .append(r.get("delay_delivered_per_s"))
                    .append(" | ")
                    .append(r.get("delay_lateness_ms_p50"))
                    .append(" | ")
                    .append(r.get("delay_lateness_ms_p99"))
                    .append(" | ")
                    .append(r.get("throughput_ratio"))
                    .append(" | ")
                    .append(r.get("delay_lost"))
                    .append(" | ")
                    .append(r.get("delay_duplicates"))
                    .append(" | ")
                    .append(r.get("delay_early"))
                    .append(" |\n");
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
                .append(" MB (this JVM plus its PostgreSQL processes).\n<!-- bench:delay:end -->\n");
        String existing = Files.exists(file)
                ? Files.readString(file)
                : "# Benchmarks\n\nEvery number here comes from a command in this repository; rerun it to check.\n\n";
        int s = existing.indexOf("<!-- bench:delay:start -->");
        int e = existing.indexOf("<!-- bench:delay:end -->");
        String updated = s >= 0 && e > s
                ? existing.substring(0, s) + md + existing.substring(e + "<!-- bench:delay:end -->\n".length())
                : existing + md;
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, updated);
        System.err.println("wrote " + file.toAbsolutePath());
    }
}
