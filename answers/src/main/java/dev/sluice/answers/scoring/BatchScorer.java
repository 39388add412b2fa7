package dev.sluice.answers.scoring;

import dev.sluice.scoring.Scorer;
import dev.sluice.scoring.Tokens;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What {@link AttemptDecider} runs: opened once per task, then fed a batch of pairs at a time, so a
 * model-backed scorer pays one inference call per batch rather than per answer. A scorer may hand
 * back something computed from the reference alone ({@link ReferenceVectors}); the decider keeps it
 * in keyed state and passes it in again with the question's next attempt, which then needs no
 * second inference of the reference.
 *
 * <p>Why a second interface beside the scoring library's {@link Scorer}: the job needs what a
 * metric does not have: it travels in the job graph (Serializable), loads its models on the task
 * manager ({@link #open}), scores a batch in one inference and keeps per-reference results in keyed
 * state, and reports an unscorable pair as a failed {@link Outcome} (dead-lettered) rather than
 * failing the job. A library metric becomes one with {@link #pairwise}.
 *
 * <p><b>Unscorable references.</b> Every implementation fails a pair whose reference has no words
 * after normalisation ({@link Request#referenceHasNoWords}), whatever its metric would make of it:
 * there is nothing to judge the candidate against, and any score would be noise (0 sends the
 * question round the regeneration loop for nothing; token F1's SQuAD rule would even give 1 to an
 * empty candidate). The attempt goes to the DLQ with the reason instead. An empty candidate against
 * a real reference is scorable: it scores what its metric says (0 for token F1).
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

    /**
     * Adapts a pair-at-a-time library metric (no model, nothing to keep per reference). It must be
     * Serializable, since it travels in the job graph: the lexical metrics are; model-backed ones
     * are not, and run through {@link CompositeScorer}, which loads them in {@link #open}.
     */
    static <S extends Scorer & Serializable> BatchScorer pairwise(S scorer) {
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

        /** True when the reference has no words after cleaning and normalisation: see the class comment. */
        public boolean referenceHasNoWords() {
            return Tokens.normalise(reference).isEmpty();
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

        /** The failure for a {@link Request#referenceHasNoWords reference with no words}; its message is the DLQ reason. */
        public static Outcome emptyReference() {
            return failed(new IllegalArgumentException(
                    "reference answer has no words after cleaning; there is nothing to compare the candidate with"));
        }
    }
}
