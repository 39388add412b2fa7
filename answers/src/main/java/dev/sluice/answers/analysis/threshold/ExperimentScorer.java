package dev.sluice.answers.analysis.threshold;

import dev.sluice.answers.scoring.BatchScorer;
import dev.sluice.answers.scoring.CompositeScorer;
import dev.sluice.answers.scoring.MetricSource;
import dev.sluice.scoring.CompositeConfig;
import dev.sluice.scoring.Scorer;
import dev.sluice.scoring.StandardMetrics;
import dev.sluice.scoring.embed.EmbeddingCosine;
import dev.sluice.scoring.embed.SentenceEncoder;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The pipeline's scorer ({@link CompositeScorer} over {@link StandardMetrics#all} with {@link
 * StandardMetrics#DEFAULT_CONFIG}: the code the Flink job runs) with each embedding model behind a
 * {@link CachingEmbedder}, so a text that appears in many pairs is embedded once. Also hands out
 * the MiniLM embedder, which the experiment uses for title similarity.
 */
public final class ExperimentScorer implements AutoCloseable {
    private static final int CHUNK = 256;

    private final SentenceEncoders models;
    private final CompositeScorer scorer;
    private final List<CachingEmbedder> caches = new ArrayList<>();
    private CachingEmbedder miniLm;

    public ExperimentScorer() {
        int threads = Runtime.getRuntime().availableProcessors();
        models = SentenceEncoders.load(threads, SentenceEncoder.DEFAULT_MAX_WINDOWS);
        List<Scorer> metrics = new ArrayList<>();
        for (Scorer m : StandardMetrics.all(models)) {
            if (m instanceof EmbeddingCosine c) {
                CachingEmbedder cached = new CachingEmbedder(c.embedder());
                caches.add(cached);
                if (c.embedder() == models.miniLm()) {
                    miniLm = cached;
                }
                metrics.add(new EmbeddingCosine(cached, c.name()));
            } else {
                metrics.add(m);
            }
        }
        CompositeConfig config = StandardMetrics.DEFAULT_CONFIG;
        MetricSource source = t -> new MetricSource.Loaded(metrics, config, () -> {});
        scorer = new CompositeScorer(source);
        scorer.open(1);
    }

    /** all-MiniLM-L6-v2, cached (the same vectors the composite's first cosine uses). */
    public CachingEmbedder miniLm() {
        return miniLm;
    }

    /**
     * Scores every (reference, candidate) pair through {@link CompositeScorer#scoreAll}, in chunks
     * so progress can be told.
     *
     * @throws IllegalStateException if a pair cannot be scored (the caller keeps only references with words)
     */
    public double[] score(List<BatchScorer.Request> requests, Consumer<String> log, String what) {
        double[] out = new double[requests.size()];
        for (int from = 0; from < requests.size(); from += CHUNK) {
            int to = Math.min(requests.size(), from + CHUNK);
            List<BatchScorer.Outcome> outcomes = scorer.scoreAll(requests.subList(from, to));
            for (int i = from; i < to; i++) {
                BatchScorer.Outcome o = outcomes.get(i - from);
                if (o.failure() != null) {
                    throw new IllegalStateException(
                            "could not score " + what + " pair " + i + ": "
                                    + o.failure().getMessage(),
                            o.failure());
                }
                out[i] = o.score();
            }
            log.accept(String.format(java.util.Locale.ROOT, "  %s: %d/%d pairs scored", what, to, requests.size()));
        }
        return out;
    }

    /** Texts that reached each model so far (MiniLM first). */
    public long embeddedTexts() {
        return caches.stream().mapToLong(CachingEmbedder::embedded).max().orElse(0);
    }

    @Override
    public void close() {
        try {
            scorer.close();
        } finally {
            models.close();
        }
    }
}
