package dev.sluice.platform.test;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A main class started in a new JVM on the test's classpath, so a test can kill it with SIGKILL
 * ({@link #kill}: no shutdown hook, no offset commit, transactions left open) and check that
 * nothing is lost or doubled. Its stdout and stderr go to a log file ({@link #log}); a child that
 * calls {@link #signalReady()} once it has started lets {@link Builder#start()} wait for that line,
 * and a child that dies before it fails the start with the log's last lines.
 *
 * <pre>{@code
 * ChildJvm child = closer.closing(ChildJvm.of(ProcessorChild.class).args(bootstrap, "p1").start());
 * ...
 * child.kill();
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    /** The line a child prints when it is ready; see {@link #signalReady()}. */
    public static final String READY = "started";

    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** A launcher for this class's {@code main}; set the arguments, then {@link Builder#start()}. */
    public static Builder of(Class<?> mainClass) {
        if (mainClass == null) {
            throw new IllegalArgumentException("ChildJvm needs the class whose main method to run, was null");
        }
        return new Builder(mainClass);
    }

    /** For the child's {@code main}: prints {@link #READY} on stdout, for the launcher waiting on it. */
    public static void signalReady() {
        System.out.println(READY);
        System.out.flush();
    }

    /** SIGKILL, then waits until the process is gone. Idempotent. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not die within " + KILL_TIMEOUT + " of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** Kills the child (SIGKILL): a test's child is never stopped gently. */
    @Override
    public void close() {
        kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    /** The file that holds the child's stdout and stderr; kept after the test, for a post-mortem. */
    public Path log() {
        return log;
    }

    /** Waits until the child's output has a line containing {@code text}; fails if it exits first. */
    public void awaitLine(String text, Duration timeout) {
        try {
            await().atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> hasLine(text) || !process.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    name + " printed no line containing '" + text + "' within " + timeout + "; its output:\n" + tail(),
                    e);
        }
        if (!hasLine(text)) {
            throw new AssertionError(name + " exited with code " + process.exitValue() + " before printing '" + text
                    + "'; its output:\n" + tail());
        }
    }

    private boolean hasLine(String text) {
        return lines().stream().anyMatch(l -> l.contains(text));
    }

    private List<String> lines() {
        try {
            // not readAllLines: the child may be mid-way through writing a multi-byte character
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the log of " + name + ": " + log, e);
        }
    }

    /** The log's last lines, for failure messages. */
    public String tail() {
        List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()))
                + "\n(whole log: " + log + ")";
    }

    @Override
    public String toString() {
        return name + (process.isAlive() ? " (running, pid " + process.pid() + ")" : " (exited)");
    }

    /** What to start; every setting has a default except the main class. */
    public static final class Builder {
        private final Class<?> mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private String maxHeap = "256m";
        private Path log;
        private String readyLine;
        private Duration readyTimeout = Duration.ofSeconds(60);

        private Builder(Class<?> mainClass) {
            this.mainClass = mainClass;
        }

        /** Arguments for {@code main}. */
        public Builder args(String... args) {
            this.args.addAll(List.of(args));
            return this;
        }

        /** Extra JVM options, e.g. {@code -Dkey=value}. */
        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs.addAll(List.of(jvmArgs));
            return this;
        }

        /** An environment variable of the child, e.g. for a password that must not show in {@code ps}. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** {@code -Xmx} of the child; 256m unless set. */
        public Builder maxHeap(String maxHeap) {
            if (maxHeap == null || !maxHeap.matches("\\d+[kmgKMG]?")) {
                throw new IllegalArgumentException("maxHeap takes an -Xmx size such as 256m or 1g, was " + maxHeap);
            }
            this.maxHeap = maxHeap;
            return this;
        }

        /** Where the child's output goes; a new temporary file unless set. */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /** Makes {@link #start()} wait for the child's {@link ChildJvm#signalReady() ready line}. */
        public Builder awaitReady(Duration timeout) {
            return awaitLine(READY, timeout);
        }

        /** Makes {@link #start()} wait until the child prints a line containing {@code text}. */
        public Builder awaitLine(String text, Duration timeout) {
            if (text == null || text.isEmpty() || timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "awaitLine needs the text of the ready line and a positive timeout, was '" + text + "', "
                                + timeout);
            }
            this.readyLine = text;
            this.readyTimeout = timeout;
            return this;
        }

        /** Starts the child and, if asked to, waits for its ready line. */
        public ChildJvm start() {
            String name = mainClass.getSimpleName();
            try {
                Path out = log != null ? log : Files.createTempFile("sluice-" + name + "-", ".log");
                List<String> command = new ArrayList<>();
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.add("-Xmx" + maxHeap);
                command.addAll(jvmArgs);
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(mainClass.getName());
                command.addAll(args);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()));
                builder.environment().putAll(env);
                ChildJvm child = new ChildJvm(name, builder.start(), out);
                if (readyLine != null) {
                    try {
                        child.awaitLine(readyLine, readyTimeout);
                    } catch (RuntimeException | AssertionError e) {
                        child.kill();
                        throw e;
                    }
                }
                return child;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + name + " in a new JVM", e);
            }
        }
    }
}
