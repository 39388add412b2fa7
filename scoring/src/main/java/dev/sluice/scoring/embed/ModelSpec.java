package dev.sluice.scoring.embed;

import java.util.Objects;

/**
 * A BERT-family sentence-embedding model shipped as ONNX + tokenizer.json inside a Maven jar.
 *
 * @param name short name used in metric names and logs
 * @param modelResource classpath name of the ONNX file
 * @param tokenizerResource classpath name of the HuggingFace tokenizer.json
 * @param pooling how the model was trained to turn token states into one vector
 * @param window word pieces per window including [CLS]/[SEP]: the length the model was trained on
 * @param dimension width of the output vectors
 */
public record ModelSpec(
        String name, String modelResource, String tokenizerResource, Pooling pooling, int window, int dimension) {

    public enum Pooling {
        MEAN,
        CLS
    }

    /** sentence-transformers/all-MiniLM-L6-v2: mean pooling, trained on 256 word pieces. */
    public static final ModelSpec ALL_MINILM_L6_V2 = new ModelSpec(
            "all-MiniLM-L6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", Pooling.MEAN, 256, 384);

    /** BAAI/bge-small-en-v1.5: [CLS] pooling, 512 word pieces. */
    public static final ModelSpec BGE_SMALL_EN_V15 = new ModelSpec(
            "bge-small-en-v1.5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", Pooling.CLS, 512, 384);

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modelResource, "modelResource");
        Objects.requireNonNull(tokenizerResource, "tokenizerResource");
        Objects.requireNonNull(pooling, "pooling");
        if (window < 3) {
            throw new IllegalArgumentException("window must leave room for [CLS], [SEP] and a token, was " + window);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        }
    }
}
