package dev.sluice.answers.gateway;

import dev.sluice.answers.messages.QuestionTask;

/**
 * Puts a question on {@code questions.pending} and returns once it is acknowledged. An interface
 * so route tests can count publishes (and fail one) without a broker.
 */
@FunctionalInterface
public interface QuestionPublisher {
    void publish(QuestionTask task) throws Exception;

    /**
     * Starts a publish and returns at once; the future completes on the acknowledgement. A batch
     * POST starts all its publishes before waiting, so they share the producer's batches instead of
     * waiting one acknowledgement per question. By default it publishes synchronously.
     */
    default java.util.concurrent.CompletableFuture<Void> publishAsync(QuestionTask task) {
        try {
            publish(task);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }
}
