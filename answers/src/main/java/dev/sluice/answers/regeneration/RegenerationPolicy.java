package dev.sluice.answers.regeneration;

import dev.sluice.answers.messages.StopReason;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * The feedback loop's rule for one scored attempt, without Flink: the scoring job's
 * {@code AttemptDecider} applies it to every attempt, and the feedback-loop analysis replays it, so
 * both run the same rule. In order: a score at or above the threshold passes; a regeneration that
 * repeats the answer before it ({@link RegenerationSettings#repeats}) stops; attempts left ask for
 * another (which the run's budget may still refuse); the cap stops.
 */
public record RegenerationPolicy(double threshold, int maxAttempts, RegenerationSettings settings)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public RegenerationPolicy {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold: must be within [0, 1], was " + threshold);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * Why the loop ends after this attempt, or empty to ask for the next one.
     *
     * @param previous the answer of the attempt before, blank for a first attempt
     */
    public Optional<StopReason> stop(int attempt, double score, String previous, String answer) {
        if (score >= threshold) {
            return Optional.of(StopReason.PASSED);
        }
        if (settings.repeats(previous, answer)) {
            return Optional.of(StopReason.NEAR_IDENTICAL);
        }
        if (attempt < maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(StopReason.MAX_ATTEMPTS);
    }
}
