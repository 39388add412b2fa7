package dev.sluice.answers.analysis.sync;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.loadgen.Outcome;
import dev.sluice.answers.loadgen.Target;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the load generator's target for the sync-vs-async experiment: every send gets a fresh
 * question id ({@code prefix-n}, so no arrival is answered from an earlier step's stored row or
 * cache), and the send and reply times of each are kept, on {@link System#nanoTime()}.
 */
public final class TimedTarget implements Target {
    /** One arrival: when it was sent, when the HTTP reply came (0: not yet) and what it said. */
    public static final class Arrival {
        public final long sentNanos;
        public volatile long ackNanos;
        public volatile Outcome outcome;
        /** When the final answer was seen (the reply itself for the synchronous mode); 0: not yet. */
        public volatile long answerNanos;

        Arrival(long sentNanos) {
            this.sentNanos = sentNanos;
        }
    }

    private final Target delegate;
    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

    public TimedTarget(Target delegate, String prefix) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public CompletableFuture<Outcome> send(QaPair question) {
        String id = prefix + "-" + sequence.incrementAndGet();
        Arrival arrival = new Arrival(System.nanoTime());
        arrivals.put(id, arrival);
        QaPair renamed =
                new QaPair(id, question.title(), question.content(), question.bestAnswer(), question.category());
        return delegate.send(renamed).whenComplete((outcome, error) -> {
            arrival.ackNanos = System.nanoTime();
            arrival.outcome = error != null ? Outcome.FAILED : outcome;
            if (arrival.outcome == Outcome.ANSWERED) {
                arrival.answerNanos = arrival.ackNanos;
            }
        });
    }

    /** Every arrival by its question id (live: replies fill in as they come). */
    public Map<String, Arrival> arrivals() {
        return arrivals;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
