package dev.sluice.answers.simulator;

/**
 * How good the simulator's answers are, by attempt. At attempt 1 an answer is near the reference
 * with {@code nearFirst}, partial with {@code partialFirst}, off-topic otherwise. What a later
 * attempt (a regeneration) gives depends on {@code regeneration}:
 *
 * <ul>
 *   <li>{@link Regeneration#IMPROVES}: each further attempt moves {@code improvement} of the remaining
 *       non-near share to near, so regeneration pays off on average, as the scoring job's feedback loop
 *       hopes of a real model asked again;
 *   <li>{@link Regeneration#RESAMPLES}: every attempt is a fresh, independent draw from the first
 *       attempt's distribution ({@code improvement} ignored): asking again only resamples;
 *   <li>{@link Regeneration#REPEATS}: every attempt of a question gets the first attempt's answer,
 *       word for word, as a model at temperature 0 (or one that ignores the feedback) does.
 * </ul>
 */
public record QualityModel(double nearFirst, double partialFirst, double improvement, Regeneration regeneration) {
    public static final QualityModel DEFAULT = new QualityModel(0.5, 0.3, 0.5);
    /** Always near: for benchmarks that should not regenerate. */
    public static final QualityModel PERFECT = new QualityModel(1.0, 0.0, 0.0);

    /** What asking the simulator again for the same question gives. */
    public enum Regeneration {
        IMPROVES,
        RESAMPLES,
        REPEATS;

        /** The configuration name, e.g. {@code same-answer} for {@link #REPEATS}. */
        public String key() {
            return switch (this) {
                case IMPROVES -> "improves";
                case RESAMPLES -> "resamples";
                case REPEATS -> "same-answer";
            };
        }
    }

    /** A model whose regenerations improve by {@code improvement} (the simulator's original behaviour). */
    public QualityModel(double nearFirst, double partialFirst, double improvement) {
        this(nearFirst, partialFirst, improvement, Regeneration.IMPROVES);
    }

    public QualityModel {
        Rates.check("simulator quality near-first", nearFirst);
        Rates.check("simulator quality partial-first", partialFirst);
        Rates.check("simulator quality improvement", improvement);
        if (nearFirst + partialFirst > 1.0 + 1e-9) {
            throw new IllegalArgumentException("simulator quality near-first + partial-first must be at most 1, was "
                    + (nearFirst + partialFirst));
        }
        java.util.Objects.requireNonNull(
                regeneration, "simulator quality regeneration: improves, resamples or same-answer");
    }

    /** The same first-attempt quality with another regeneration behaviour. */
    public QualityModel withRegeneration(Regeneration mode) {
        return new QualityModel(nearFirst, partialFirst, improvement, mode);
    }

    /** The attempt whose draw {@code attempt} gets: itself, or 1 when every call repeats the first answer. */
    public int drawnAttempt(int attempt) {
        return regeneration == Regeneration.REPEATS ? 1 : attempt;
    }

    public enum Kind {
        NEAR,
        PARTIAL,
        OFF_TOPIC
    }

    /** Probability of a near answer at this attempt (1-based). */
    public double near(int attempt) {
        if (regeneration != Regeneration.IMPROVES) {
            return nearFirst;
        }
        return 1 - (1 - nearFirst) * Math.pow(1 - improvement, Math.max(0, attempt - 1));
    }

    /** The kind for a uniform draw {@code u} in [0, 1). */
    public Kind kind(int attempt, double u) {
        double near = near(attempt);
        if (u < near) {
            return Kind.NEAR;
        }
        double rest = 1 - nearFirst;
        double partialShare = rest <= 0 ? 0 : partialFirst / rest;
        return u < near + (1 - near) * partialShare ? Kind.PARTIAL : Kind.OFF_TOPIC;
    }
}
