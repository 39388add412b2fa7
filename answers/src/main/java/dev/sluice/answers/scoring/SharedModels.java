package dev.sluice.answers.scoring;

import dev.sluice.scoring.StandardMetrics;
import dev.sluice.scoring.embed.SentenceEncoder;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two embedding models, loaded once per JVM (task manager) and shared by every scoring subtask
 * in it, released when the last one closes. Why share rather than load per subtask: the models take
 * about 220 MB of native memory and seconds to load, and ONNX Runtime sessions are safe to run
 * concurrently, so N slots each holding a copy would buy nothing but memory. Each subtask still
 * calls the model on its own task thread.
 *
 * <p>Limit: on a session cluster, ONNX Runtime's native library can be loaded by only one class
 * loader; running two jobs with the composite on one task manager needs onnxruntime on Flink's
 * parent-first class path ({@code classloader.parent-first-patterns.additional: ai.onnxruntime}).
 */
final class SharedModels {
    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);
    private static SentenceEncoders models;
    private static int users;

    private SharedModels() {}

    /** The standard metrics on the shared models; the first caller's thread count wins. */
    static synchronized MetricSource.Loaded standardMetrics(int threads) {
        if (models == null) {
            models = SentenceEncoders.load(threads, SentenceEncoder.DEFAULT_MAX_WINDOWS);
            LOG.info("scoring models loaded for this task manager ({} ONNX threads per session)", threads);
        }
        users++;
        AtomicBoolean released = new AtomicBoolean();
        return new MetricSource.Loaded(StandardMetrics.all(models), StandardMetrics.DEFAULT_CONFIG, () -> {
            if (released.compareAndSet(false, true)) {
                release();
            }
        });
    }

    private static synchronized void release() {
        if (--users == 0) {
            models.close();
            models = null;
        }
    }
}
