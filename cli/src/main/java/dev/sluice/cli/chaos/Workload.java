package dev.sluice.cli.chaos;

import java.util.List;
import java.util.Map;

/** What a chaos run drives and checks: one application's traffic and its checker. */
interface Workload extends AutoCloseable {
    /** The application's name: answers or orders. */
    String name();

    /** Starts sending at the workload's rate, retrying what the system refused, until {@link #stopSending()}. */
    void start();

    void stopSending();

    /** Items the system acknowledged (202/201): the submitted set. */
    long acknowledged();

    /** Items finished end to end, from the system's own store (PostgreSQL); -1 when it does not answer. */
    long completed();

    /** Whether everything acknowledged has finished, side effects included (the orders' e-mails); checked while draining. */
    default boolean settled() {
        return completed() >= acknowledged();
    }

    RequestLog requests();

    /** States seen by the sampling GET client that went backwards for an item. */
    long regressions();

    /**
     * Reads only what the system produced (PostgreSQL, topics read_committed, the mailbox) and
     * returns the checker's findings; must include {@code lost} and {@code duplicates}.
     *
     * @param injections the faults injected so far, to attribute what the checker finds to them
     * @param beganEpochMs when the run began: the injections' times count from it
     */
    Map<String, Object> check(List<ChaosRun.Injection> injections, long beganEpochMs) throws Exception;

    @Override
    void close();
}
