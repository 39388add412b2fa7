package dev.sluice.platform.delay.bench;

import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;

/**
 * The baseline every benchmark sets its numbers next to: records of a given size produced straight
 * to a fresh topic on the same broker and consumed read_committed, at a paced rate (or unpaced).
 */
public final class RawKafka {
    private RawKafka() {}

    /**
     * What the observer saw: {@code perSecond} is delivered/s between first and last arrival,
     * {@code wallPerSecond} distinct records over the whole run from the first send.
     */
    public record Result(int records, int distinct, double perSecond, long wallPerSecond, long p50, long p99) {
        public long lost() {
            return (long) records - distinct;
        }
    }

    /** {@code count} records of {@code recordBytes} at {@code rate}/s (1e9 = unpaced) to a new topic named {@code prefix + run id}. */
    public static Result measure(
            KafkaClients clients, String prefix, int partitions, int count, double rate, int recordBytes)
            throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String topic = prefix + runId;
        try (Admin admin = clients.admin()) {
            Topics.ensure(admin, List.of(TopicSpec.of(topic, partitions)));
        }
        try (DelayRun run = new DelayRun(clients, topic, runId)) {
            long start = System.nanoTime();
            run.send(count, rate, recordBytes, Duration.ZERO, Duration.ZERO, null, 7, null);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (run.distinct() < count && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            return new Result(
                    count,
                    run.distinct(),
                    Math.round(run.deliveredPerSecond(Duration.ZERO) * 10) / 10.0,
                    Math.round(run.distinct() / ((System.nanoTime() - start) / 1e9)),
                    run.lateness().getValueAtPercentile(50),
                    run.lateness().getValueAtPercentile(99));
        }
    }
}
