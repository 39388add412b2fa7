package dev.sluice.platform.report;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time spent by the processes that make up a system under test: this JVM (every thread: the
 * services, an embedded broker, the load generator) and, separately, other process trees started
 * for it, such as an embedded PostgreSQL (its postmaster and backends). Unlike {@link MachineCpu}
 * it does not count a neighbour's work, so a cost per unit (CPU-seconds per 1,000 orders) stays
 * comparable on a shared machine, and a change that only moves work between threads shows.
 *
 * <p>The other processes are read from the OS ({@code /proc} on Linux) each time: a backend that
 * starts between two readings counts from zero, one that ends between them is missed (a pooled
 * connection's backend lives as long as the pool).
 */
public final class ProcessCpu {
    private final List<Long> otherRoots;

    private ProcessCpu(List<Long> otherRoots) {
        this.otherRoots = List.copyOf(otherRoots);
    }

    /** This JVM alone. */
    public static ProcessCpu jvm() {
        return new ProcessCpu(List.of());
    }

    /** This JVM, plus the processes with these ids and their descendants (e.g. a postmaster's pid). */
    public static ProcessCpu jvmAnd(List<Long> otherRoots) {
        return new ProcessCpu(otherRoots);
    }

    /** Cumulative CPU nanoseconds: this JVM, and the other process trees together (-1 when unknown). */
    public record Reading(long jvmNanos, long othersNanos) {
        /** CPU-seconds of this JVM since {@code earlier}, or NaN if unknown. */
        public double jvmSecondsSince(Reading earlier) {
            return jvmNanos < 0 || earlier.jvmNanos < 0 ? Double.NaN : (jvmNanos - earlier.jvmNanos) / 1e9;
        }

        /** CPU-seconds of the other process trees since {@code earlier}, or NaN if unknown. */
        public double othersSecondsSince(Reading earlier) {
            return othersNanos < 0 || earlier.othersNanos < 0 ? Double.NaN : (othersNanos - earlier.othersNanos) / 1e9;
        }

        /** Both together; the other trees count as 0 when unknown. */
        public double totalSecondsSince(Reading earlier) {
            double others = othersSecondsSince(earlier);
            return jvmSecondsSince(earlier) + (Double.isNaN(others) ? 0 : others);
        }
    }

    /**
     * CPU nanoseconds so far of this JVM and the processes it started and that still run (a load
     * generator in its own process, for instance); -1 when the JVM cannot tell. A child that exited
     * since an earlier reading is no longer counted, so read both ends while the children run.
     */
    public static long nanos() {
        long jvm = jvmNanos();
        return jvm < 0 ? -1 : jvm + treeNanos(ProcessHandle.current().descendants());
    }

    public Reading read() {
        return new Reading(jvmNanos(), othersNanos());
    }

    /** True when other process trees are measured (then {@link Reading#othersNanos()} is meant to be read). */
    public boolean measuresOthers() {
        return !otherRoots.isEmpty();
    }

    private static long jvmNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(-1L);
    }

    private long othersNanos() {
        if (otherRoots.isEmpty()) {
            return -1;
        }
        long total = 0;
        for (long pid : otherRoots) {
            Optional<ProcessHandle> root = ProcessHandle.of(pid);
            if (root.isEmpty()) {
                return -1;
            }
            total += treeNanos(Stream.concat(Stream.of(root.get()), root.get().descendants()));
        }
        return total;
    }

    private static long treeNanos(Stream<ProcessHandle> processes) {
        return processes
                .mapToLong(
                        p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }
}
