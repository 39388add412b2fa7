package dev.sluice.platform.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority (the Linux nice value) of the calling thread alone, so that a
 * service whose work can wait a moment (e-mails) yields the CPU to one whose work is due now
 * (state changes) when both want it, and takes all of it when the other is idle. On Linux a
 * thread has its own nice value; the JVM offers no way to set it without {@code
 * -XX:ThreadPriorityPolicy=1} (which warns when not root), so the thread's id is read from
 * {@code /proc/thread-self} and {@code renice} (util-linux) is run on it once, when the thread
 * starts. Raising a nice value needs no privilege. Elsewhere, or without {@code renice}, nothing
 * changes and the thread runs at the normal priority.
 */
public final class ThreadNice {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNice.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private ThreadNice() {}

    /**
     * Adds {@code nice} (1 to 19) to the calling thread's nice value; 0 does nothing.
     *
     * @return true when the thread now runs at the lower priority
     */
    public static boolean lower(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("nice: 0 (unchanged) to 19 (lowest priority), was " + nice);
        }
        if (nice == 0) {
            return true;
        }
        String tid;
        try {
            // "<pid>/task/<tid>"
            tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug(
                    "thread {}: no /proc/thread-self, priority unchanged",
                    Thread.currentThread().getName());
            return false;
        }
        try {
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(nice), "-p", tid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (renice.waitFor(10, TimeUnit.SECONDS) && renice.exitValue() == 0) {
                return true;
            }
            renice.destroyForcibly();
        } catch (IOException e) {
            // no renice on this system
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Once at INFO: a pool (HTTP's request threads) starts threads all day, each would say it again.
        if (WARNED.compareAndSet(false, true)) {
            LOG.info(
                    "thread {}: could not lower its priority (renice -n {} -p {}); it and later threads run at the"
                            + " normal priority",
                    Thread.currentThread().getName(),
                    nice,
                    tid);
        } else {
            LOG.debug(
                    "thread {}: priority unchanged (no renice)",
                    Thread.currentThread().getName());
        }
        return false;
    }

    /** The calling thread's nice value, or empty where it cannot be read (not Linux). */
    public static java.util.OptionalInt current() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return java.util.OptionalInt.of(Integer.parseInt(f[16]));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }
}
