package dev.sluice.orders.datasets;

import java.util.List;
import java.util.Objects;

/**
 * A named list of products to order from. Load generators pick from it by index, so a seeded run
 * orders the same products in the same order.
 *
 * @param name what the report calls it (e.g. {@code electronics}, or the CSV file name)
 */
public record Catalogue(String name, List<Product> products) {
    public Catalogue {
        Objects.requireNonNull(name, "name");
        products = List.copyOf(products);
        if (products.isEmpty()) {
            throw new IllegalArgumentException("catalogue '" + name + "' has no products");
        }
    }

    public int size() {
        return products.size();
    }

    /** The product at {@code i}, wrapping around, so any number of orders can be placed from a small catalogue. */
    public Product get(long i) {
        return products.get((int) Math.floorMod(i, (long) products.size()));
    }
}
