package dev.sluice.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Stops an embedded PostgreSQL server soon after the JVM that started it dies, even by SIGKILL.
 *
 * <p>Why a separate process: pg_ctl starts the postmaster detached, so it is not a child of this JVM
 * and does not die with it, and the Linux way to tie a child to its parent ({@code
 * prctl(PR_SET_PDEATHSIG)}) needs native code, which Java cannot call without JNI or the FFM API
 * (final only in Java 22). A JVM shutdown hook (zonky registers one) runs on SIGTERM and Ctrl-C but
 * never on SIGKILL. So this starts a tiny {@code /bin/sh} loop that checks once a second whether this
 * JVM is alive; once it is gone, it sends the postmaster SIGINT (PostgreSQL's fast shutdown), but
 * only if the data directory's {@code postmaster.pid} still names that postmaster, so a server
 * started since on the same directory is never touched. Where there is no {@code /bin/sh} (Windows)
 * there is no watchdog, and the next start clears the orphan instead ({@link PostmasterPidFile}).
 *
 * <p>Cost: one shell and a {@code sleep} a second. The watchdog can be killed along with the JVM (a
 * {@code kill -9} of the whole process group), so it narrows the window and the next start still
 * checks.
 */
final class PostmasterWatchdog implements AutoCloseable {
    private static final Path SHELL = Path.of("/bin/sh");
    private static final String SCRIPT = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
            + "[ \"$(head -n 1 \"$3\" 2>/dev/null)\" = \"$2\" ] && kill -INT \"$2\"";

    private final Process process;

    private PostmasterWatchdog(Process process) {
        this.process = process;
    }

    /** Starts watching this JVM for the postmaster {@code pid}; empty where there is no shell. */
    static Optional<PostmasterWatchdog> start(long postmasterPid, Path pidFile) {
        if (!Files.isExecutable(SHELL)) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(
                            SHELL.toString(),
                            "-c",
                            SCRIPT,
                            "sluice-postgres-watchdog",
                            String.valueOf(ProcessHandle.current().pid()),
                            String.valueOf(postmasterPid),
                            pidFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return Optional.of(new PostmasterWatchdog(process));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the PostgreSQL watchdog (" + SHELL + ")", e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Ends the watch; the caller stops the server itself. */
    @Override
    public void close() {
        process.destroy();
    }
}
