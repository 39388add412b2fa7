package dev.sluice.answers.simulator;

/**
 * How good the simulator's answers are, by attempt. At attempt 1 an answer is near the reference
 * with {@code nearFirst}, partial with {@code partialFirst}, off-topic otherwise. Each further
 * attempt moves {@code improvement} of the remaining non-near share to near, so regeneration pays
 * off on average, as the scoring job's feedback loop expects of a real model asked again.
 */
public record QualityModel(double nearFirst, double partialFirst, double improvement) {
    public static final QualityModel DEFAULT = new QualityModel(0.5, 0.3, 0.5);
    /** Always near: for benchmarks that should not regenerate. */
    public static final QualityModel PERFECT = new QualityModel(1.0, 0.0, 0.0);

    public QualityModel {
        Rates.check("simulator quality near-first", nearFirst);
        Rates.check("simulator quality partial-first", partialFirst);
        Rates.check("simulator quality improvement", improvement);
        if (nearFirst + partialFirst > 1.0 + 1e-9) {
            throw new IllegalArgumentException("simulator quality near-first + partial-first must be at most 1, was "
                    + (nearFirst + partialFirst));
        }
    }

    public enum Kind {
        NEAR,
        PARTIAL,
        OFF_TOPIC
    }

    /** Probability of a near answer at this attempt (1-based). */
    public double near(int attempt) {
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
