package dev.sluice.platform.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A polling service without Kafka for lifecycle tests: each session optionally waits for {@link
 * #letPoll()}, then loops on {@code running()}, pausing on the stop latch. The first {@code
 * failingSessions} sessions throw before they poll, as a session whose clients cannot be built.
 */
public final class ScriptedService extends PollingService {
    private final CountDownLatch mayPoll;
    private final int failingSessions;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger iterations = new AtomicInteger();

    public ScriptedService(String name, Backoff backoff, boolean holdBeforePolling, int failingSessions) {
        super(name, backoff);
        this.mayPoll = new CountDownLatch(holdBeforePolling ? 1 : 0);
        this.failingSessions = failingSessions;
    }

    /** A service that polls at once and never fails on its own. */
    public static ScriptedService polling(String name, Backoff backoff) {
        return new ScriptedService(name, backoff, false, 0);
    }

    @Override
    protected void runSession() throws Exception {
        int session = sessions.incrementAndGet();
        while (!mayPoll.await(5, TimeUnit.MILLISECONDS)) {
            if (stopping()) {
                return;
            }
        }
        if (session <= failingSessions) {
            throw new IllegalStateException("session " + session + " could not build its clients");
        }
        while (running()) {
            iterations.incrementAndGet();
            awaitStop(Duration.ofMillis(5));
        }
    }

    public void letPoll() {
        mayPoll.countDown();
    }

    public int sessions() {
        return sessions.get();
    }

    public int iterations() {
        return iterations.get();
    }
}
