package dev.sluice.platform.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine's cores were between two readings of {@code /proc/stat} (every
 * process: the JVM, PostgreSQL, the load): tells a benchmark whether a phase was bound by CPU or by
 * the pipeline's own pace. Linux only; elsewhere the share is NaN.
 */
public final class MachineCpu {
    private MachineCpu() {}

    /** Clock ticks per second of {@code /proc/stat}'s counters (USER_HZ): 100 on every mainstream Linux. */
    static final int USER_HZ = 100;

    /** Cumulative jiffies: busy (everything but idle and iowait) and total. */
    public record Reading(long busy, long total) {
        /** CPU-seconds all cores spent busy from {@code earlier} to this reading (every process), or NaN if unknown. */
        public double busySecondsSince(Reading earlier) {
            return earlier.total < 0 || this.total < 0 ? Double.NaN : (double) (busy - earlier.busy) / USER_HZ;
        }

        /** Busy share of all cores from {@code earlier} to this reading, 0..1, or NaN if unknown. */
        public double busySince(Reading earlier) {
            long total = this.total - earlier.total;
            return earlier.total < 0 || this.total < 0 || total <= 0
                    ? Double.NaN
                    : (double) (busy - earlier.busy) / total;
        }
    }

    public static Reading read() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parse(cpu);
        } catch (IOException | RuntimeException e) {
            return new Reading(-1, -1);
        }
    }

    /** The aggregate line: {@code cpu user nice system idle iowait irq softirq steal ...}. */
    static Reading parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!"cpu".equals(f[0])) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + cpuLine);
        }
        long total = 0;
        // user nice system idle iowait irq softirq steal (guest time is already inside user/nice)
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new Reading(total - idle, total);
    }
}
