package dev.sluice.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code postmaster.pid} of a data directory, and what a process killed with SIGKILL left behind
 * in it: a PostgreSQL server still running (an orphan: pg_ctl starts the postmaster detached, so it
 * outlives the JVM that asked for it) or a pid file naming a process that is gone or is something
 * else. Either one makes the next start on that directory fail.
 *
 * <p>{@link #clear()} stops an orphan only when it is provably the server of this data directory: the
 * pid in the file is alive, its executable is {@code postgres} and its command line names this data
 * directory. A live process that is anything else is never touched; only the stale file is removed.
 */
final class PostmasterPidFile {
    static final String NAME = "postmaster.pid";

    /** What {@link #clear()} found, and what it did about it. */
    enum Outcome {
        /** No pid file: the last server stopped cleanly, or there never was one. */
        NOTHING,
        /** The file named no process, a dead one, or one that is not this directory's server. */
        STALE_FILE_REMOVED,
        /** This directory's server was still running; it stopped on SIGTERM. */
        ORPHAN_STOPPED,
        /** This directory's server did not stop on SIGTERM in time and was killed with its children. */
        ORPHAN_KILLED
    }

    /** The outcome and, unless nothing was found, one sentence for the log. */
    record Result(Outcome outcome, String description) {}

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Path dataDir;
    private final Path file;
    private final Duration stopTimeout;

    PostmasterPidFile(Path dataDir, Duration stopTimeout) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.file = this.dataDir.resolve(NAME);
        this.stopTimeout = stopTimeout;
    }

    Path path() {
        return file;
    }

    /** The pid on the file's first line, if there is a file and it holds one. */
    OptionalLong pid() {
        try {
            return parsePid(Files.readAllLines(file));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + "; check its permissions", e);
        }
    }

    /**
     * Makes the directory startable again after its last user was killed: stops an orphaned server of
     * this directory (SIGTERM, then SIGKILL after the stop timeout) or removes a stale pid file.
     *
     * @throws IllegalStateException if a live process's command cannot be read (another user's
     *     process), so it cannot be told apart from a server of this directory
     */
    Result clear() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return new Result(Outcome.NOTHING, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + "; check its permissions", e);
        }
        OptionalLong pid = parsePid(lines);
        if (pid.isEmpty()) {
            return removeStale("it holds no pid");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return removeStale("pid " + pid.getAsLong() + " is not running");
        }
        ProcessHandle.Info info = process.get().info();
        String command = info.command()
                .orElseThrow(() -> new IllegalStateException(
                        file + " names pid " + pid.getAsLong() + ", which is running but whose command cannot be read"
                                + " (another user's process?); stop it if it is a PostgreSQL server of " + dataDir
                                + ", otherwise delete " + file));
        if (!isPostgres(command)) {
            return removeStale(
                    "pid " + pid.getAsLong() + " is a running " + command + ", not PostgreSQL; left it running");
        }
        String[] arguments = info.arguments()
                .orElseThrow(() -> new IllegalStateException(file + " names pid " + pid.getAsLong()
                        + ", a running PostgreSQL whose arguments cannot be read; stop it if it serves " + dataDir));
        if (!servesDataDir(arguments, dataDir)) {
            return removeStale("pid " + pid.getAsLong() + " is a PostgreSQL of another data dir; left it running");
        }
        return stop(process.get());
    }

    private Result stop(ProcessHandle postmaster) {
        long began = System.nanoTime();
        // the backends and auxiliary processes; they normally go with the postmaster, but after a
        // SIGKILL one still attached to the shared memory would stop the next server from starting
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroy(); // SIGTERM: smart shutdown; the killed JVM's sessions are already gone
        if (exits(postmaster, stopTimeout)) {
            return new Result(
                    Outcome.ORPHAN_STOPPED,
                    "found PostgreSQL (pid " + postmaster.pid() + ") still running on " + dataDir
                            + ", left by a process that did not stop it (killed?); stopped it with SIGTERM in "
                            + millisSince(began) + " ms");
        }
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        boolean gone = exits(postmaster, KILL_WAIT);
        for (ProcessHandle child : children) {
            gone &= exits(child, KILL_WAIT);
        }
        if (!gone) {
            throw new IllegalStateException("PostgreSQL (pid " + postmaster.pid() + ") of " + dataDir
                    + " survived SIGKILL for " + KILL_WAIT + "; stop it by hand before starting again");
        }
        deleteIfNamed(postmaster.pid());
        return new Result(
                Outcome.ORPHAN_KILLED,
                "found PostgreSQL (pid " + postmaster.pid() + ") still running on " + dataDir
                        + ", left by a process that did not stop it (killed?); it did not stop within " + stopTimeout
                        + " of SIGTERM, so it and its " + children.size() + " child processes were killed (SIGKILL)");
    }

    private Result removeStale(String why) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stale " + file + " (" + why + "); delete it by hand", e);
        }
        return new Result(Outcome.STALE_FILE_REMOVED, "removed a stale " + file + ": " + why);
    }

    // the server deletes its own file on a clean stop; after SIGKILL it is left, naming a dead pid
    private void deleteIfNamed(long pid) {
        if (pid().equals(OptionalLong.of(pid))) {
            removeStale("pid " + pid + " was killed");
        }
    }

    static OptionalLong parsePid(List<String> lines) {
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True for the zonky binaries' {@code .../bin/postgres} (also when its file was deleted since). */
    static boolean isPostgres(String command) {
        String name = Path.of(command.replace(" (deleted)", "")).getFileName().toString();
        return name.equals("postgres") || name.equals("postmaster");
    }

    /** pg_ctl starts the postmaster as {@code postgres -D <dataDir> ...}; the postmaster keeps that title. */
    static boolean servesDataDir(String[] arguments, Path dataDir) {
        for (int i = 0; i < arguments.length; i++) {
            String dir = null;
            if (arguments[i].equals("-D") && i + 1 < arguments.length) {
                dir = arguments[i + 1];
            } else if (arguments[i].startsWith("-D") && arguments[i].length() > 2) {
                dir = arguments[i].substring(2);
            }
            if (dir != null && sameDirectory(Path.of(dir), dataDir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameDirectory(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean exits(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pid " + process.pid() + " to exit", e);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
