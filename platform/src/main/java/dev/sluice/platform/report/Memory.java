package dev.sluice.platform.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory from /proc: this JVM, its child processes, and processes whose command line
 * names the work dir (embedded PostgreSQL daemonises, so it is not a child of this JVM).
 */
public final class Memory {
    private Memory() {}

    public static long residentBytes(Path workDir) {
        ProcessHandle self = ProcessHandle.current();
        java.util.Set<Long> pids = new java.util.HashSet<>();
        pids.add(self.pid());
        self.descendants().forEach(p -> pids.add(p.pid()));
        String dir = workDir.toAbsolutePath().toString();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String cmd = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                        .replace('\0', ' ');
                if (cmd.contains(dir)) {
                    pids.add(p.pid());
                }
            } catch (IOException | RuntimeException e) {
                // gone or not readable
            }
        });
        return pids.stream().mapToLong(Memory::rss).sum();
    }

    /** Samples {@link #residentBytes} once a second on a daemon thread and keeps the peak, until closed. */
    public static final class Peak implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        private final Thread sampler;
        private volatile boolean sampling = true;

        private Peak(Path workDir) {
            sampler = new Thread(
                    () -> {
                        while (sampling) {
                            peak.accumulateAndGet(residentBytes(workDir), Math::max);
                            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
                        }
                    },
                    "rss-sampler");
            sampler.setDaemon(true);
        }

        public static Peak start(Path workDir) {
            Peak p = new Peak(workDir);
            p.sampler.start();
            return p;
        }

        /** The highest resident memory seen so far, in MB. */
        public long megabytes() {
            return peak.get() / (1024 * 1024);
        }

        /** Stops sampling after the sample in progress. */
        @Override
        public void close() throws InterruptedException {
            sampling = false;
            sampler.join();
        }
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process just ended: count nothing
        }
        return 0;
    }
}
