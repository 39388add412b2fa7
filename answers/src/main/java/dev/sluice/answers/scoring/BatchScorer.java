package dev.sluice.answers.scoring;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What {@link AttemptDecider} runs: opened once per task, then fed a batch of pairs at a time, so a
 * model-backed scorer pays one inference call per batch rather than per answer. A scorer may hand
 * back something computed from the reference alone ({@link ReferenceVectors}); the decider keeps it
 * in keyed state and passes it in again with the question's next attempt, which then needs no
 * second inference of the reference.
 */
public interface BatchScorer extends Serializable {

    /** A short stable name stored with every score, e.g. {@code composite}. */
    String name();

    /** Loads what the scorer needs (models), once per task; {@code parallelism} is the operator's subtask count. */
    default void open(int parallelism) {}

    default void close() {}

    /** Whether batches pay off; a pair-at-a-time scorer says no, and the decider then scores each attempt at once. */
    default boolean batches() {
        return true;
    }

    /**
     * Scores every request; outcome i belongs to request i. A pair that cannot be scored comes back
     * as {@link Outcome#failed}; a thrown exception means the whole batch failed, and the decider
     * then retries the requests one by one so only the bad one is dead-lettered.
     */
    List<Outcome> scoreAll(List<Request> requests);

    /** Adapts a pair-at-a-time scorer (no model, nothing to keep per reference). */
    static BatchScorer pairwise(Scorer scorer) {
        return new PairwiseBatchScorer(scorer);
    }

    /**
     * @param reference the community's best answer
     * @param cached what this scorer returned for the reference on an earlier attempt, or null
     * @param candidate the LLM's answer
     */
    record Request(String reference, ReferenceVectors cached, String candidate) {
        public Request {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /**
     * @param score in [0, 1] when {@code failure} is null
     * @param reference to keep for the question's next attempts; null when nothing new was computed
     * @param failure why the pair could not be scored, or null
     */
    record Outcome(double score, ReferenceVectors reference, RuntimeException failure) {
        public static Outcome ok(double score, ReferenceVectors reference) {
            return new Outcome(score, reference, null);
        }

        public static Outcome failed(RuntimeException failure) {
            return new Outcome(Double.NaN, null, Objects.requireNonNull(failure, "failure"));
        }
    }
}
