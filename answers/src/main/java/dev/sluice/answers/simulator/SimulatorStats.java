package dev.sluice.answers.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** What the simulator did, for tests and the benchmark's "rejected calls" ratio. */
public final class SimulatorStats {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong empty = new AtomicLong();
    final AtomicLong fatal = new AtomicLong();
    final AtomicLong overloaded = new AtomicLong();
    final AtomicLong quotaRejected = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();

    public record Snapshot(
            long requests,
            long answered,
            long empty,
            long fatal,
            long overloaded,
            long quotaRejected,
            long badRequests) {}

    public Snapshot snapshot() {
        return new Snapshot(
                requests.get(),
                answered.get(),
                empty.get(),
                fatal.get(),
                overloaded.get(),
                quotaRejected.get(),
                badRequests.get());
    }
}
