package dev.sluice.orders.loadgen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts events per whole second since the start of the run. */
public final class PerSecond {
    private final Map<Integer, AtomicLong> counts = new ConcurrentHashMap<>();

    void add(long millisSinceStart) {
        counts.computeIfAbsent((int) (Math.max(0, millisSinceStart) / 1000), s -> new AtomicLong())
                .incrementAndGet();
    }

    /** Counts for seconds 0..last (zeros filled in). */
    public long[] series() {
        int last = counts.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        long[] out = new long[last + 1];
        counts.forEach((s, n) -> out[s] = n.get());
        return out;
    }

    public long max() {
        return counts.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
    }
}
