package dev.sluice.answers.simulator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the simulator waits out a response's latency without holding a server thread. Tests inject
 * a gate (a future they complete) to hold calls in flight without sleeping.
 */
@FunctionalInterface
public interface Delayer {
    CompletableFuture<Void> after(Duration latency);

    /** Real time, on the JDK's delayed executor; zero latency completes at once. */
    Delayer REAL = latency -> latency.isZero() || latency.isNegative()
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(
                    () -> {}, CompletableFuture.delayedExecutor(latency.toNanos(), TimeUnit.NANOSECONDS));
}
