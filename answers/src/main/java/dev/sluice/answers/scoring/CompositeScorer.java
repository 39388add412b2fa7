package dev.sluice.answers.scoring;

import dev.sluice.scoring.Composite;
import dev.sluice.scoring.Pair;
import dev.sluice.scoring.Scorer;
import dev.sluice.scoring.embed.EmbeddingCosine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring module's semantic composite (docs/scoring.md) as the job's scorer. Per batch, each
 * embedding model is called once, on the distinct texts of the batch: every candidate, plus the
 * references the decider has no {@link ReferenceVectors} for yet. So a question's first attempt
 * costs two texts of inference and each regeneration one.
 *
 * <p>Weighted metrics that are not embedding cosines (token F1, ROUGE-L: cheap; BERTScore: re-encodes
 * both texts, since token vectors are too big for keyed state) are computed pair by pair from the
 * text; with the default weights none of them runs.
 *
 * <p>A reference with no words cannot be scored (a cosine against nothing would be a meaningless
 * number that sends the question round the loop); it fails, and the attempt is dead-lettered, as
 * with every {@link BatchScorer}.
 */
public final class CompositeScorer implements BatchScorer {
    private static final long serialVersionUID = 1L;

    private final MetricSource source;

    private transient Composite composite;
    private transient List<EmbeddingCosine> cosines;
    private transient int[] dimensions;
    private transient List<Scorer> others;
    private transient AutoCloseable release;

    /** @param source the metrics and the composite config over them, loaded on the task manager */
    public CompositeScorer(MetricSource source) {
        this.source = java.util.Objects.requireNonNull(source, "source");
    }

    /** The default composite (StandardMetrics.DEFAULT_CONFIG) on the models shared per task manager. */
    public static CompositeScorer standard() {
        return new CompositeScorer(SharedModels::standardMetrics);
    }

    @Override
    public String name() {
        return Composite.NAME;
    }

    /** Spreads the cores over the subtasks: each model call gets cores / parallelism ONNX threads. */
    @Override
    public void open(int parallelism) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallelism));
        MetricSource.Loaded loaded = source.load(threads);
        release = loaded.release();
        // weights and calibration curves from the config; the pass threshold is the job's (ScoringJobSettings)
        composite = new Composite(loaded.metrics(), loaded.config());
        cosines = new ArrayList<>();
        others = new ArrayList<>();
        for (Scorer m : composite.metrics()) {
            if (composite.config().weight(m.name()) > 0) {
                if (m instanceof EmbeddingCosine c) {
                    cosines.add(c);
                } else {
                    others.add(m);
                }
            }
        }
        dimensions = cosines.stream().mapToInt(c -> c.embedder().dimension()).toArray();
    }

    @Override
    public void close() {
        if (release != null) {
            try {
                release.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not release the scoring models: " + e.getMessage(), e);
            } finally {
                release = null;
            }
        }
    }

    @Override
    public List<Outcome> scoreAll(List<Request> requests) {
        if (composite == null) {
            throw new IllegalStateException("CompositeScorer used before open()");
        }
        Outcome[] out = new Outcome[requests.size()];
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            if (requests.get(i).referenceHasNoWords()) {
                out[i] = Outcome.emptyReference();
            } else {
                valid.add(i);
            }
        }
        if (valid.isEmpty()) {
            return List.of(out);
        }

        // which references need embedding; distinct texts only (retries repeat references in a batch)
        boolean[] fresh = new boolean[out.length];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i : valid) {
            Request r = requests.get(i);
            fresh[i] = r.cached() == null || !r.cached().isFor(r.reference(), dimensions);
            if (fresh[i]) {
                index.putIfAbsent(r.reference(), index.size());
            }
            index.putIfAbsent(r.candidate(), index.size());
        }
        List<String> texts = new ArrayList<>(index.keySet());
        float[][][] byMetric = new float[cosines.size()][][];
        for (int m = 0; m < cosines.size(); m++) {
            byMetric[m] = cosines.get(m).embedder().embed(texts);
        }

        Map<String, double[]> columns = new LinkedHashMap<>();
        for (int m = 0; m < cosines.size(); m++) {
            columns.put(cosines.get(m).name(), new double[valid.size()]);
        }
        List<Pair> pairs = new ArrayList<>(valid.size());
        float[][][] referenceVectors = new float[valid.size()][][];
        for (int v = 0; v < valid.size(); v++) {
            Request r = requests.get(valid.get(v));
            pairs.add(new Pair(r.reference(), r.candidate()));
            referenceVectors[v] = fresh[valid.get(v)]
                    ? pick(byMetric, index.get(r.reference()))
                    : r.cached().vectors();
            float[][] candidate = pick(byMetric, index.get(r.candidate()));
            for (int m = 0; m < cosines.size(); m++) {
                columns.get(cosines.get(m).name())[v] =
                        EmbeddingCosine.fromVectors(referenceVectors[v][m], candidate[m]);
            }
        }
        for (Scorer m : others) {
            columns.put(m.name(), m.scoreAll(pairs));
        }
        double[] scores = composite.combine(columns, valid.size());
        for (int v = 0; v < valid.size(); v++) {
            int i = valid.get(v);
            ReferenceVectors keep =
                    fresh[i] ? new ReferenceVectors(requests.get(i).reference().hashCode(), referenceVectors[v]) : null;
            out[i] = Outcome.ok(scores[v], keep);
        }
        return List.of(out);
    }

    private static float[][] pick(float[][][] byMetric, int text) {
        float[][] out = new float[byMetric.length][];
        for (int m = 0; m < byMetric.length; m++) {
            out[m] = byMetric[m][text];
        }
        return out;
    }
}
