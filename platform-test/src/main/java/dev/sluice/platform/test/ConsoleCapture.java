package dev.sluice.platform.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures {@code System.out} and {@code System.err} (as UTF-8) and puts the original streams back
 * afterwards, for tests of command-line output. As a JUnit extension on an instance field it
 * captures each test:
 *
 * <pre>{@code @RegisterExtension final ConsoleCapture console = new ConsoleCapture();}</pre>
 *
 * or around one block: {@code try (ConsoleCapture console = ConsoleCapture.start()) { ... }}
 * ({@link #startStdout()} leaves stderr alone, so a long command's warnings still reach the test log).
 * The streams are global to the JVM, so tests that capture them must not run in parallel.
 */
public final class ConsoleCapture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final boolean captureErr;
    private PrintStream originalOut;
    private PrintStream originalErr;

    /** As an extension: captures both streams during each test. */
    public ConsoleCapture() {
        this(true);
    }

    private ConsoleCapture(boolean captureErr) {
        this.captureErr = captureErr;
    }

    /** Starts capturing both streams now; close it to restore them. */
    public static ConsoleCapture start() {
        ConsoleCapture capture = new ConsoleCapture(true);
        capture.capture();
        return capture;
    }

    /** Starts capturing {@code System.out} only; close it to restore it. */
    public static ConsoleCapture startStdout() {
        ConsoleCapture capture = new ConsoleCapture(false);
        capture.capture();
        return capture;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        capture();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    private synchronized void capture() {
        if (originalOut != null) {
            throw new IllegalStateException("ConsoleCapture is already capturing");
        }
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        if (captureErr) {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        }
    }

    /** Puts the original streams back; what was captured stays readable. Idempotent. */
    @Override
    public synchronized void close() {
        if (originalOut != null) {
            System.out.flush();
            System.err.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
            originalOut = null;
            originalErr = null;
        }
    }

    /** Everything written to {@code System.out} so far. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Everything written to {@code System.err} so far (nothing if only stdout is captured). */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    public List<String> outLines() {
        return out().lines().toList();
    }

    /** The last non-blank line of stdout, e.g. a command's JSON summary; fails if nothing was printed. */
    public String lastOutLine() {
        List<String> lines = out().lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new AssertionError("nothing was printed on stdout; stderr:\n" + err());
        }
        return lines.get(lines.size() - 1);
    }

    /** Forgets what was captured so far, e.g. between two commands in one test. */
    public void reset() {
        out.reset();
        err.reset();
    }
}
