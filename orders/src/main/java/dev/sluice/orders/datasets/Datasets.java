package dev.sluice.orders.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a {@code --dataset} value into a catalogue: {@code electronics}, {@code groceries},
 * {@code generated} (both interleaved), or the path of a product CSV ({@link ProductCsv}).
 */
public final class Datasets {
    public static final String NAMES =
            "generated, electronics, groceries or the path of a product CSV (appid,name,price)";

    private Datasets() {}

    public static Catalogue load(String dataset, int generatedSize, long seed) throws IOException {
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("--dataset is empty; give " + NAMES);
        }
        return switch (dataset) {
            case "generated" ->
                new Catalogue(
                        "generated",
                        CatalogueGenerator.generate(CatalogueGenerator.Flavour.MIXED, generatedSize, seed)
                                .products());
            case "electronics" ->
                CatalogueGenerator.generate(CatalogueGenerator.Flavour.ELECTRONICS, generatedSize, seed);
            case "groceries" -> CatalogueGenerator.generate(CatalogueGenerator.Flavour.GROCERIES, generatedSize, seed);
            default -> {
                if (!dataset.contains("/") && !dataset.endsWith(".csv")) {
                    throw new IllegalArgumentException("--dataset '" + dataset + "' is not known; give " + NAMES);
                }
                yield ProductCsv.read(Path.of(dataset), ProductCsv.DEFAULT_PESOS_PER_DOLLAR)
                        .catalogue();
            }
        };
    }
}
