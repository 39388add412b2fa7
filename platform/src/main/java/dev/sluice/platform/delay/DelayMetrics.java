package dev.sluice.platform.delay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code sluice.delay.*} meters of one {@link DelayScheduler}, tagged with its tiers' prefix. */
final class DelayMetrics {
    private final Map<String, AtomicLong> waitingByTier = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final DistributionSummary lateness;
    private final Counter deadLettered;
    private final Counter windowFull;

    DelayMetrics(DelayTiers tiers, MeterRegistry meters) {
        for (DelayTier tier : tiers.tiers()) {
            AtomicLong waiting = new AtomicLong();
            waitingByTier.put(tier.topic(), waiting);
            Gauge.builder("sluice.delay.waiting", waiting, AtomicLong::get)
                    .description(
                            "records waiting in a delay tier (end offset minus position) on this instance's partitions")
                    .tag("tier", tier.label())
                    .tag("delays", tiers.prefix())
                    .register(meters);
        }
        this.lateness = DistributionSummary.builder("sluice.delay.lateness")
                .description("delivered minus due, in milliseconds (after the forwarding transaction commits)")
                .baseUnit("milliseconds")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .tag("delays", tiers.prefix())
                .register(meters);
        this.windowFull = Counter.builder("sluice.delay.window.full")
                .description("times a partition's fetching paused because its read-ahead window was full")
                .tag("delays", tiers.prefix())
                .register(meters);
        this.deadLettered = Counter.builder("sluice.delay.dead.lettered")
                .description("delay records without a valid target or due header")
                .tag("delays", tiers.prefix())
                .register(meters);
        Gauge.builder("sluice.delay.forwarded", forwarded, AtomicLong::get)
                .description("records forwarded by this instance")
                .tag("delays", tiers.prefix())
                .register(meters);
    }

    void windowFull() {
        windowFull.increment();
    }

    long windowFullCount() {
        return (long) windowFull.count();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    /** A committed forwarding transaction: the lateness of each record, delivered at {@code deliveredMillis}. */
    void forwarded(Iterable<Long> dueTimes, long deliveredMillis) {
        long n = 0;
        for (long due : dueTimes) {
            lateness.record(Math.max(0, deliveredMillis - due));
            n++;
        }
        forwarded.addAndGet(n);
    }

    long forwardedCount() {
        return forwarded.get();
    }

    void waiting(Map<String, Long> byTierTopic) {
        waitingByTier.forEach((topic, gauge) -> gauge.set(byTierTopic.getOrDefault(topic, 0L)));
    }

    long waiting(DelayTier tier) {
        AtomicLong w = waitingByTier.get(tier.topic());
        return w == null ? 0 : w.get();
    }
}
