package dev.sluice.platform.delay;

import dev.sluice.platform.test.ChildJvm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** A delay scheduler in its own JVM, so a test can kill it with SIGKILL mid-transaction. */
public final class DelaySchedulerChild {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String group = args[1];
        String instance = args[2];
        DelayScheduler s = new DelayScheduler(
                        Map.of("bootstrap.servers", bootstrap),
                        DelayTiers.defaults(),
                        DelayScheduler.Settings.of(group, instance),
                        Clock.systemUTC(),
                        new SimpleMeterRegistry())
                .start();
        ChildJvm.signalReady();
        new CountDownLatch(1).await(); // runs until killed
        s.close();
    }
}
