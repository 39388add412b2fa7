package dev.sluice.answers.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups items submitted by many threads into one call of a batch function (group commit): the
 * first item starts a run at once; the items that arrive while a batch is running wait for it and
 * go together in the next one, at most {@code maxItems} at a time. So an idle gateway adds no
 * delay to a lone request, and a busy one pays one database round trip per batch instead of one
 * per request: the wait is bounded by one batch's own duration, never by a timer.
 *
 * <p>One batch runs at a time per batcher, on {@code executor}; no thread is held while nothing is
 * queued, so the batcher needs no closing.
 */
final class MicroBatcher<T, R> {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    /** Handles a batch; returns one result per item, in the items' order. */
    @FunctionalInterface
    interface BatchFunction<T, R> {
        List<R> apply(List<T> items) throws Exception;
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {}

    private final String name;
    private final int maxItems;
    private final Executor executor;
    private final BatchFunction<T, R> function;
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    MicroBatcher(String name, int maxItems, Executor executor, BatchFunction<T, R> function) {
        this.name = Objects.requireNonNull(name, "name");
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems: must be at least 1, was " + maxItems);
        }
        this.maxItems = maxItems;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.function = Objects.requireNonNull(function, "function");
    }

    /** Queues {@code item}; the future completes with its result, or the batch's failure. */
    CompletableFuture<R> submit(T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        queue.add(new Pending<>(item, result));
        startIfIdle();
        return result;
    }

    private void startIfIdle() {
        if (!queue.isEmpty() && running.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                running.set(false);
                failAll(rejected);
            }
        }
    }

    private void drain() {
        try {
            List<Pending<T, R>> batch = new ArrayList<>();
            Pending<T, R> next;
            while ((next = queue.poll()) != null) {
                batch.add(next);
                if (batch.size() == maxItems) {
                    run(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                run(batch);
            }
        } finally {
            running.set(false);
            // an item queued after the last poll but before the flag was cleared starts the next run
            startIfIdle();
        }
    }

    private void run(List<Pending<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        for (Pending<T, R> p : batch) {
            items.add(p.item());
        }
        List<R> results;
        try {
            results = function.apply(items);
            if (results.size() != items.size()) {
                throw new IllegalStateException(
                        name + ": " + results.size() + " results for " + items.size() + " items");
            }
        } catch (Throwable e) {
            // every waiting request learns of the failure; none is left hanging
            for (Pending<T, R> p : batch) {
                p.result().completeExceptionally(e);
            }
            if (e instanceof Error error) {
                LOG.error("{}: batch of {} failed", name, items.size(), error);
                throw error;
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private void failAll(RuntimeException cause) {
        Pending<T, R> p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(cause);
        }
    }
}
