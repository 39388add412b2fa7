package dev.sluice.platform.test;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened, last opened first, even when a test fails halfway through its set-up.
 * Register it on an instance field, and it closes everything after each test:
 *
 * <pre>{@code
 * @RegisterExtension final Closer closer = new Closer();
 * ...
 * Database db = closer.closing(new Database(...));
 * closer.closing(() -> app.stop());
 * }</pre>
 *
 * or use it in try-with-resources. Every resource is closed even if an earlier one fails; the first
 * failure is thrown, with the others added to it as suppressed exceptions. Thread-safe.
 */
public final class Closer implements AutoCloseable, AfterEachCallback {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Registers the resource to be closed, and returns it. */
    public synchronized <T extends AutoCloseable> T closing(T resource) {
        if (resource == null) {
            throw new IllegalArgumentException("Closer.closing needs a resource, was null");
        }
        open.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    /** Closes everything registered so far, last first; the Closer can be used again afterwards. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        AutoCloseable next;
        while ((next = pop()) != null) {
            try {
                next.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private synchronized AutoCloseable pop() {
        return open.poll();
    }
}
