package dev.sluice.scoring.embed;

/**
 * The two embedding models the standard metrics use, loaded and closed together. Two models
 * because each alone stays below the agreement target on SICK (all-MiniLM-L6-v2: Spearman 0.77,
 * bge-small-en-v1.5: 0.79) and their errors differ enough that a blend does better than either.
 */
public final class SentenceEncoders implements AutoCloseable {

    private final SentenceEncoder miniLm;
    private final SentenceEncoder bge;

    public SentenceEncoders(SentenceEncoder miniLm, SentenceEncoder bge) {
        this.miniLm = java.util.Objects.requireNonNull(miniLm, "miniLm");
        this.bge = java.util.Objects.requireNonNull(bge, "bge");
    }

    /** Both models, each with one ONNX thread per core and the default window cap. */
    public static SentenceEncoders load() {
        return load(Runtime.getRuntime().availableProcessors(), SentenceEncoder.DEFAULT_MAX_WINDOWS);
    }

    /** In Flink: {@code load(1, ...)} per task slot, in {@code open()}. */
    public static SentenceEncoders load(int threads, int maxWindows) {
        SentenceEncoder mini = SentenceEncoder.load(ModelSpec.ALL_MINILM_L6_V2, threads, maxWindows);
        try {
            return new SentenceEncoders(mini, SentenceEncoder.load(ModelSpec.BGE_SMALL_EN_V15, threads, maxWindows));
        } catch (RuntimeException e) {
            mini.close();
            throw e;
        }
    }

    public SentenceEncoder miniLm() {
        return miniLm;
    }

    public SentenceEncoder bge() {
        return bge;
    }

    @Override
    public void close() {
        try {
            miniLm.close();
        } finally {
            bge.close();
        }
    }
}
