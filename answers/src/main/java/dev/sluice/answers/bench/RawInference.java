package dev.sluice.answers.bench;

import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.scoring.StandardMetrics;
import dev.sluice.scoring.embed.EmbeddingCosine;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring benchmark's baseline: the job's model work without Kafka or Flink, on the same
 * models, split into as many streams as the job has subtasks.
 */
final class RawInference {
    private final SentenceEncoders models;
    private final int parallelism;
    private final int batchSize;

    RawInference(SentenceEncoders models, int parallelism, int batchSize) {
        this.models = models;
        this.parallelism = parallelism;
        this.batchSize = batchSize;
    }

    record Raw(int answers, long texts, long nanos, long cpuNanos) {
        double perSecond() {
            return answers * 1e9 / nanos;
        }

        double perCpuSecond() {
            return answers * 1e9 / cpuNanos;
        }
    }

    /**
     * The job's work without the job: the same answers in the same order, in chunks of the batch size;
     * per chunk one call per model on the distinct texts not embedded yet for that question (a
     * reference once per question, every candidate), then the weighted cosines (the calibration
     * curves the job applies on top cost nothing next to inference).
     */
    Raw run(List<GeneratedAnswer> answers) throws Exception {
        // as many streams as the job has subtasks, each on the questions its key group would get, so raw
        // and job use the cores the same way (p streams x cores/p ONNX threads each)
        List<List<GeneratedAnswer>> streams = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            streams.add(new ArrayList<>());
        }
        for (GeneratedAnswer a : answers) {
            streams.get(Math.floorMod(a.questionId().hashCode(), parallelism)).add(a);
        }
        long cpu0 = CpuClock.processNanos();
        long t0 = System.nanoTime();
        long texts = 0;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism);
        try {
            List<java.util.concurrent.Future<Long>> done = new ArrayList<>();
            for (List<GeneratedAnswer> stream : streams) {
                done.add(pool.submit(() -> rawStream(stream)));
            }
            for (java.util.concurrent.Future<Long> f : done) {
                texts += f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Raw(answers.size(), texts, System.nanoTime() - t0, CpuClock.processNanos() - cpu0);
    }

    /** One stream of {@link #run}: returns the number of texts embedded. */
    private long rawStream(List<GeneratedAnswer> answers) {
        Map<String, Double> w = StandardMetrics.DEFAULT_CONFIG.weights();
        double wMini = w.getOrDefault(EmbeddingCosine.NAME, 0.0);
        double wBge = w.getOrDefault(StandardMetrics.BGE_COSINE, 0.0);
        Map<String, float[][]> references = new HashMap<>();
        long texts = 0;
        double checksum = 0;
        for (int from = 0; from < answers.size(); from += batchSize) {
            List<GeneratedAnswer> chunk = answers.subList(from, Math.min(answers.size(), from + batchSize));
            Map<String, Integer> index = new LinkedHashMap<>();
            for (GeneratedAnswer a : chunk) {
                if (!references.containsKey(a.questionId())) {
                    index.putIfAbsent(a.bestAnswer(), index.size());
                }
                index.putIfAbsent(a.answer(), index.size());
            }
            List<String> batch = new ArrayList<>(index.keySet());
            float[][] mini = models.miniLm().embed(batch);
            float[][] bge = models.bge().embed(batch);
            texts += batch.size();
            for (GeneratedAnswer a : chunk) {
                float[][] ref = references.computeIfAbsent(a.questionId(), q ->
                        new float[][] {mini[index.get(a.bestAnswer())], bge[index.get(a.bestAnswer())]});
                int c = index.get(a.answer());
                checksum += (wMini * EmbeddingCosine.fromVectors(ref[0], mini[c])
                                + wBge * EmbeddingCosine.fromVectors(ref[1], bge[c]))
                        / (wMini + wBge);
            }
        }
        if (Double.isNaN(checksum)) {
            throw new IllegalStateException("raw scores are not numbers");
        }
        return texts;
    }
}
