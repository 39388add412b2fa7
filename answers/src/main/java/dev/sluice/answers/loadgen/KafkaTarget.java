package dev.sluice.answers.loadgen;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.messages.QuestionTask;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes each question straight to {@code questions.pending}, bypassing the gateway: the
 * pipeline's throughput without HTTP in front. Nothing de-duplicates here, so a repeated question
 * is answered again (the pipeline's consumers still keep one result per id); every send counts as
 * queued once acknowledged.
 */
public final class KafkaTarget implements Target {
    private final KafkaQuestionPublisher publisher;
    private final Clock clock;

    /** @param publisher closed with this target */
    public KafkaTarget(KafkaQuestionPublisher publisher, Clock clock) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<Outcome> send(QaPair q) {
        QuestionTask task = QuestionTask.first(q.id(), q.title(), q.content(), q.bestAnswer(), clock.instant());
        return publisher.send(task).handle((metadata, error) -> error == null ? Outcome.QUEUED : Outcome.FAILED);
    }

    @Override
    public void close() {
        publisher.close();
    }
}
