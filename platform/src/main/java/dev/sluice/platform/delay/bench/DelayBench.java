package dev.sluice.platform.delay.bench;

import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;

/**
 * Delay topics against raw Kafka: per offered rate, the same record size sent once straight to a
 * topic (produce → consume latency) and once through the delay tiers (delivered minus due), in one
 * run on one broker, with a delay scheduler of its own.
 */
public final class DelayBench {
    /** What to run; delays are log-uniform in [minDelay, maxDelay]. */
    public record Settings(List<Integer> rates, int seconds, int recordBytes, Duration minDelay, Duration maxDelay) {
        public Settings {
            if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1) || seconds < 1 || recordBytes < 1) {
                throw new IllegalArgumentException("--rates, --seconds and --record-bytes must be at least 1");
            }
            if (minDelay.isNegative() || maxDelay.compareTo(minDelay) <= 0) {
                throw new IllegalArgumentException("--max-delay must be longer than --min-delay, e.g. 1s and 5s");
            }
        }
    }

    private final KafkaClients clients;
    private final Map<String, Object> kafkaProps;
    private final DelayTiers tiers;
    private final Clock clock;
    private final Settings settings;

    public DelayBench(
            KafkaClients clients, Map<String, Object> kafkaProps, DelayTiers tiers, Clock clock, Settings settings) {
        this.clients = clients;
        this.kafkaProps = kafkaProps;
        this.tiers = tiers;
        this.clock = clock;
        this.settings = settings;
    }

    /** One row per rate: raw and delayed delivery side by side, with lost, doubled and early records. */
    public List<Map<String, Object>> run() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        Duration minDelay = settings.minDelay();
        Duration maxDelay = settings.maxDelay();
        try (DelayScheduler scheduler = new DelayScheduler(
                        kafkaProps,
                        tiers,
                        DelayScheduler.Settings.of("sluice.bench.scheduler", "bench"),
                        clock,
                        new SimpleMeterRegistry())
                .start()) {
            for (int rate : settings.rates()) {
                int count = rate * settings.seconds();
                String runId = UUID.randomUUID().toString().substring(0, 8);
                Map<String, Object> raw = measure("bench.raw." + runId, runId, count, rate, null);
                Map<String, Object> delayed =
                        measure("bench.delayed." + runId, runId, count, rate, new DelayedRecords(tiers, clock));
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
        return rows;
    }

    /** Nothing lost, doubled or early at any rate. */
    public static boolean ok(List<Map<String, Object>> rows) {
        return rows.stream()
                .allMatch(r -> ((Number) r.get("delay_lost")).longValue() == 0
                        && ((Number) r.get("delay_duplicates")).longValue() == 0
                        && ((Number) r.get("delay_early")).longValue() == 0);
    }

    /** {@code delayed} null: the raw baseline. */
    private Map<String, Object> measure(String topic, String runId, int count, int rate, DelayedRecords delayed)
            throws Exception {
        try (Admin admin = clients.admin()) {
            Topics.ensure(admin, List.of(TopicSpec.of(topic, 3)));
        }
        Duration maxDelayForRun = delayed == null ? Duration.ZERO : settings.maxDelay();
        try (DelayRun run = new DelayRun(clients, topic, runId)) {
            run.send(count, rate, settings.recordBytes(), settings.minDelay(), settings.maxDelay(), delayed, 7, null);
            long deadline = System.currentTimeMillis() + maxDelayForRun.toMillis() + 120_000;
            while (run.distinct() < count && System.currentTimeMillis() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            Duration spread =
                    delayed == null ? Duration.ZERO : settings.maxDelay().minus(settings.minDelay());
            m.put("per_s", Math.round(run.deliveredPerSecond(spread) * 10) / 10.0);
            m.put("p50", run.lateness().getValueAtPercentile(50));
            m.put("p99", run.lateness().getValueAtPercentile(99));
            m.put("lost", (long) count - run.distinct());
            m.put("duplicates", run.duplicates());
            m.put("early", run.early());
            return m;
        }
    }
}
