package dev.sluice.answers.scoring;

import dev.sluice.scoring.CompositeConfig;
import dev.sluice.scoring.Scorer;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Where {@link CompositeScorer} gets its metrics on the task manager. Serializable, since it travels
 * inside the job graph; what it returns (ONNX sessions) is not, and is built in {@code open()}.
 * Production: {@link SharedModels#standardMetrics}; tests hand in fake embedders that count calls.
 */
@FunctionalInterface
public interface MetricSource extends Serializable {

    /** @param threads ONNX intra-op threads per model session */
    Loaded load(int threads);

    /**
     * The metrics, the composite's weights and curves over them, and how to give back what loading
     * them took. The config travels with the metrics because it names them: weights and curves only
     * make sense for the metric set they were fitted on (the standard one is a constant).
     */
    record Loaded(List<Scorer> metrics, CompositeConfig config, AutoCloseable release) {
        public Loaded {
            metrics = List.copyOf(metrics);
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(release, "release");
        }
    }
}
