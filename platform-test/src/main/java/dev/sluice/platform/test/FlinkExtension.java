package dev.sluice.platform.test;

import dev.sluice.platform.embedded.EmbeddedFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Flink MiniCluster with two task slots and its web UI on an ephemeral port, for one test class.
 *
 * <pre>{@code @RegisterExtension static FlinkExtension flink = new FlinkExtension();}</pre>
 *
 * Jobs built on {@link #environment()} run on this cluster; a test that starts an unbounded job
 * should cancel it through its {@code JobClient} so the slots are free for the next test.
 */
public final class FlinkExtension implements BeforeAllCallback, AfterAllCallback {

    public static final int TASK_SLOTS = 2;

    private EmbeddedFlink flink;

    @Override
    public void beforeAll(ExtensionContext context) {
        flink = EmbeddedFlink.builder()
                .taskSlots(TASK_SLOTS)
                .restPort(0)
                .build()
                .start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (flink != null) {
            try {
                flink.close();
            } finally {
                flink = null;
            }
        }
    }

    public EmbeddedFlink cluster() {
        if (flink == null) {
            throw new IllegalStateException(
                    "FlinkExtension has not started: register it with @RegisterExtension on a static field");
        }
        return flink;
    }

    /** A fresh environment that submits to this MiniCluster. */
    public StreamExecutionEnvironment environment() {
        return cluster().environment();
    }
}
