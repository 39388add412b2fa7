package dev.sluice.answers.loadgen;

import java.util.concurrent.locks.LockSupport;

/**
 * The generator's time: a nanosecond clock and a way to wait until a moment on it. A seam so
 * tests run a schedule in virtual time; the real one parks the thread (a load generator's own
 * pacing, not a consumer loop, so parking is the right tool).
 */
interface Pacer {
    long nanoTime();

    void parkUntil(long deadlineNanos);

    Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNanos) {
            long left;
            while ((left = deadlineNanos - System.nanoTime()) > 0
                    && !Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(left);
            }
        }
    };
}
