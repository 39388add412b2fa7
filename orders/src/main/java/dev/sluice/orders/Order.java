package dev.sluice.orders;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An order as it travels on every orders topic and as {@code GET /orders/{id}} returns it, in the
 * assignment's wire format:
 * {@code {"id":1,"nombre":"Macbook air M1","precio":759000,"correo":"a@b.c","estado":"recibido"}}.
 * {@code precio} is a whole number of pesos (no cents in the assignment; a long avoids float
 * rounding). A record that breaks a rule cannot be built, so a consumer either has a valid order or
 * a reason for the dead-letter topic.
 */
@JsonPropertyOrder({"id", "nombre", "precio", "correo", "estado"})
public record Order(long id, String nombre, long precio, String correo, Estado estado) {
    public Order {
        if (id < 1) {
            throw new IllegalArgumentException("id must be 1 or more, was " + id);
        }
        OrderFields.nombreProblem(nombre).ifPresent(p -> fail("nombre", p));
        OrderFields.precioProblem(precio).ifPresent(p -> fail("precio", p));
        OrderFields.correoProblem(correo).ifPresent(p -> fail("correo", p));
        Objects.requireNonNull(estado, "estado is required: one of recibido, preparando, entregando, finalizado");
    }

    private static void fail(String field, String problem) {
        throw new IllegalArgumentException(field + " " + problem);
    }

    public Order withEstado(Estado next) {
        return new Order(id, nombre, precio, correo, next);
    }

    /** The Kafka key: the id in decimal, so every record of one order lands on one partition, in order. */
    public byte[] key() {
        return Long.toString(id).getBytes(StandardCharsets.UTF_8);
    }
}
