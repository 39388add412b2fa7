package dev.sluice.platform.service;

import java.util.Objects;

/**
 * What a {@link PollingService} is doing, readable from any thread (for {@code /ready}, metrics and
 * the process assembly).
 *
 * @param name the service's name, as in its logs and its {@code service} metric tag
 * @param restarts sessions thrown away and rebuilt since the service started
 * @param lastError the last session failure (or the fatal one), as {@code ExceptionClass: message}; null if none
 */
public record ServiceHealth(String name, State state, long restarts, String lastError) {

    /** The lifecycle of one service instance; {@link #code()} is the value of the {@code sluice.service.state} gauge. */
    public enum State {
        /** Not started yet, or stopped by {@link PollingService#stop()}. */
        STOPPED(0),
        /** The thread is up; the first session has not polled yet. */
        STARTING(1),
        /** A session is polling. */
        RUNNING(2),
        /** A session failed; a new one is being built after a backoff. */
        RESTARTING(3),
        /** Ended on its own (fenced, not authorised, misconfigured, a JVM error); only a new instance resumes. */
        FAILED(4);

        private final int code;

        State(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public ServiceHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** One line for logs and {@code /ready}: the state, the restarts, and the last error if any. */
    public String describe() {
        return state + ", " + restarts + (restarts == 1 ? " restart" : " restarts")
                + (lastError == null ? "" : ", last error: " + lastError);
    }
}
