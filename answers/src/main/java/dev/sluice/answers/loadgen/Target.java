package dev.sluice.answers.loadgen;

import dev.sluice.answers.dataset.QaPair;
import java.util.concurrent.CompletableFuture;

/**
 * Where the generator sends questions: the gateway over HTTP ({@link HttpTarget}) or
 * {@code questions.pending} directly ({@link KafkaTarget}). {@link #send} must not block for the
 * answer; the generator bounds how many futures are outstanding.
 */
public interface Target extends AutoCloseable {
    CompletableFuture<Outcome> send(QaPair question);

    @Override
    default void close() {}
}
