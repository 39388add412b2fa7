package dev.sluice.platform.report;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used by this JVM and the processes it started (a load generator in its own process, for
 * instance), as opposed to {@link MachineCpu}'s whole machine: next to a throughput, it tells
 * whether a change saved work or only moved it to another thread or process. A child that exited
 * since the earlier reading is no longer counted, so read both ends while the children run.
 */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU nanoseconds so far: this JVM's, and its live descendants'; -1 when the JVM cannot tell. */
    public static long nanos() {
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
        if (jvm < 0) {
            return -1;
        }
        long children = ProcessHandle.current()
                .descendants()
                .mapToLong(
                        p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
        return jvm + children;
    }
}
