package dev.sluice.answers.bench;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * This process's CPU time (all threads: Flink, the broker, ONNX Runtime's), sampled every 20 ms so
 * the CPU spent between two wall-clock instants can be read afterwards. CPU time rather than wall
 * time is what a neighbour's load on a shared machine disturbs least.
 */
public final class CpuClock implements AutoCloseable {
    private final List<long[]> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread sampler;

    private CpuClock() {
        sampler = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        samples.add(new long[] {System.currentTimeMillis(), processNanos()});
                        LockSupport.parkNanos(20_000_000L);
                    }
                },
                "bench-cpu-sampler");
        sampler.setDaemon(true);
    }

    public static CpuClock start() {
        CpuClock c = new CpuClock();
        c.sampler.start();
        return c;
    }

    public static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU nanoseconds used between two epoch-millisecond instants, from the nearest samples. */
    public long nanosBetween(long fromMillis, long toMillis) {
        return at(toMillis) - at(fromMillis);
    }

    private long at(long millis) {
        long[] best = samples.get(0);
        for (long[] s : samples) {
            if (Math.abs(s[0] - millis) < Math.abs(best[0] - millis)) {
                best = s;
            }
        }
        return best[1];
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
