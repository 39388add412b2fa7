package dev.sluice.platform.service;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The errors a new session would meet again, so they end a {@link PollingService} instead of
 * restarting it; each with what an operator should do. Looks through the cause chain, since client
 * constructors wrap their errors ("Failed to construct kafka consumer").
 */
final class Fatal {
    private Fatal() {}

    /** What to do about {@code e} if it is fatal, or null if a new session may succeed. */
    static String whatToDo(Throwable e) {
        if (e instanceof Error) {
            return "A JVM error ended it; check the memory settings and restart the process.";
        }
        int depth = 0;
        for (Throwable t = e; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof ProducerFencedException) {
                return "It was fenced: another instance runs with the same instance id (transactional id) and now"
                        + " owns its work. Give every instance its own stable instance id; start this one again only"
                        + " if the other is gone.";
            }
            if (t instanceof FencedInstanceIdException) {
                return "Another consumer joined the group with the same group.instance.id. Give every instance its"
                        + " own instance id, then start this one again.";
            }
            if (t instanceof AuthorizationException || t instanceof AuthenticationException) {
                return "The cluster refused its credentials or ACLs. Grant the principal access to its topics, group"
                        + " and transactional id (or fix the security.* / sasl.* settings), then restart it.";
            }
            if (t instanceof ConfigException) {
                return "Its Kafka client configuration is invalid. Fix the named setting, then restart it.";
            }
            if (t instanceof UnsupportedVersionException) {
                return "The broker is too old for a feature it needs (transactions, KIP-447). Upgrade the cluster.";
            }
            if (t instanceof InterruptException || t instanceof InterruptedException) {
                return "Its thread was interrupted by something other than stop(). Find who interrupts it; start a new"
                        + " instance to resume.";
            }
        }
        return null;
    }

    /** {@code ExceptionClass: message} of the outermost exception, plus the root cause when it differs. */
    static String describe(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 10; depth++) {
            root = root.getCause();
        }
        String outer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (root == e) {
            return outer;
        }
        return outer + " (cause " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }
}
