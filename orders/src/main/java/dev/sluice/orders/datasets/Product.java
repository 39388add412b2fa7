package dev.sluice.orders.datasets;

import dev.sluice.orders.OrderFields;

/**
 * One catalogue entry: what a customer orders ({@code nombre}) and its price in whole Chilean pesos
 * ({@code precio}), checked with the same rules as an order so every product can be ordered.
 */
public record Product(String nombre, long precio) {
    public Product {
        OrderFields.nombreProblem(nombre).ifPresent(p -> {
            throw new IllegalArgumentException("product nombre " + p);
        });
        OrderFields.precioProblem(precio).ifPresent(p -> {
            throw new IllegalArgumentException("product precio " + p);
        });
    }
}
