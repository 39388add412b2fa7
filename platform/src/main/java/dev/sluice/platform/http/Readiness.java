package dev.sluice.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the readiness checks side by side, each bounded by its own timeout, so one slow
 * dependency cannot hold the answer for the others or hang a load balancer's probe.
 */
final class Readiness implements AutoCloseable {

    /** What {@code GET /ready} answers. */
    record Report(boolean ready, List<Result> checks) {}

    /** One check's outcome; {@code reason} says what failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String name, boolean ready, String reason, long ms) {}

    private final List<ReadinessCheck> checks;
    private final ExecutorService executor;

    Readiness(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(checks);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sluice-readiness-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Report run() {
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            futures.add(executor.submit(() -> {
                check.probe();
                return null;
            }));
        }
        List<Result> results = new ArrayList<>();
        boolean ready = true;
        for (int i = 0; i < checks.size(); i++) {
            ReadinessCheck check = checks.get(i);
            String reason = null;
            try {
                long deadline = start + check.timeout().toNanos();
                futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                futures.get(i).cancel(true);
                reason = "no answer within " + check.timeout().toMillis() + "ms";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = "interrupted while waiting";
            }
            ready &= reason == null;
            results.add(new Result(
                    check.name(), reason == null, reason, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        }
        return new Report(ready, results);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        for (ReadinessCheck check : checks) {
            try {
                check.close();
            } catch (Exception e) {
                // Shutting down: a check that fails to close must not stop the others from closing.
            }
        }
    }
}
