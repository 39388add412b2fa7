package dev.sluice.answers.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The parent's end of a {@link CreditedHttpLoad} running in its own process: allows it questions,
 * reads its CPU time, stops it and reads its outcome. Its standard error goes to ours.
 */
public final class LoadProcess implements AutoCloseable {
    /** Starts the load process of one HTTP phase; the CLI knows how to start itself. */
    @FunctionalInterface
    public interface Launcher {
        LoadProcess start(String run, int batch) throws IOException;
    }

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader replies;

    private LoadProcess(Process process) {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code command} with {@code environment} added to ours (a key goes there, never on the command line). */
    public static LoadProcess start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Objects.requireNonNull(command, "command"))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        return new LoadProcess(builder.start());
    }

    /** Lets it have sent {@code total} questions in all. */
    public void allow(long total) {
        commands.println("allow " + total);
    }

    /** Its CPU time so far (zero when the system cannot tell). */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Tells it to stop, waits for its outstanding POSTs and its exit, and returns what it sent. */
    public CreditedHttpLoad.Result stop(Duration max) throws IOException, InterruptedException {
        commands.println("stop");
        commands.close();
        String last = null;
        String line;
        while ((line = replies.readLine()) != null) {
            last = line;
        }
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the load process did not exit within " + max);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "the load process failed (exit " + process.exitValue() + "); its errors are above");
        }
        return CreditedHttpLoad.Result.parse(last);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
