package dev.sluice.answers.scoring;

import dev.sluice.scoring.Composite;
import dev.sluice.scoring.StandardMetrics;
import dev.sluice.scoring.TokenF1;
import java.util.Arrays;
import java.util.Locale;

/**
 * The scorers the job can run, by the name used in configuration, each with the threshold it was
 * calibrated for. Composite is the default: it agrees with people (docs/scoring.md) and, batched,
 * keeps up with the pipeline on two cores (docs/benchmarks.md); token F1 costs nothing and needs no
 * model, for a machine without the memory for one.
 */
public enum ScorerKind {
    /** SQuAD token F1; 0.5 = half the words shared, the answers pipeline's original default. */
    TOKEN_F1(TokenF1.NAME, 0.5),
    /** StandardMetrics.DEFAULT_CONFIG (MiniLM and bge cosines through calibration curves); its threshold. */
    COMPOSITE(Composite.NAME, StandardMetrics.DEFAULT_CONFIG.threshold());

    private final String key;
    private final double defaultThreshold;

    ScorerKind(String key, double defaultThreshold) {
        this.key = key;
        this.defaultThreshold = defaultThreshold;
    }

    public String key() {
        return key;
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** A new scorer of this kind; models, if any, load when the task opens it. */
    public BatchScorer create() {
        return switch (this) {
            case TOKEN_F1 -> BatchScorer.pairwise(new TokenF1());
            case COMPOSITE -> CompositeScorer.standard();
        };
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ScorerKind fromKey(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (ScorerKind kind : values()) {
            if (kind.key.equals(k)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("scoring scorer: unknown '" + key + "', accepted: "
                + String.join(", ", Arrays.stream(values()).map(ScorerKind::key).toList()));
    }
}
