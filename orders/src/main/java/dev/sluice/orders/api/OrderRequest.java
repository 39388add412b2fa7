package dev.sluice.orders.api;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.orders.OrderFields;
import dev.sluice.platform.http.BadRequest;
import java.math.BigDecimal;

/**
 * The body of {@code POST /orders}: {@code {"nombre":"Macbook air M1","precio":759000,"correo":"..."}}.
 * Unknown fields (including {@code id} and {@code estado}, which the system sets) are refused by the
 * HTTP mapper. {@code precio} is read as a decimal so that {@code 12.5} is refused instead of being
 * silently truncated to 12, as reading it straight into a long would do.
 */
public record OrderRequest(String nombre, BigDecimal precio, String correo) {
    private static final BigDecimal MAX_PRECIO = BigDecimal.valueOf(Long.MAX_VALUE);

    public OrderRequest {
        OrderFields.nombreProblem(nombre).ifPresent(p -> {
            throw BadRequest.field("nombre", p);
        });
        if (precio == null) {
            throw BadRequest.field("precio", "is required: a whole number of pesos, e.g. 759000");
        }
        if (precio.signum() < 0) {
            throw BadRequest.field("precio", "must be zero or more, was " + shown(precio));
        }
        if (precio.stripTrailingZeros().scale() > 0) {
            throw BadRequest.field("precio", "must be a whole number of pesos, was " + shown(precio));
        }
        if (precio.compareTo(MAX_PRECIO) > 0) {
            throw BadRequest.field("precio", "is too large, was " + shown(precio));
        }
        OrderFields.correoProblem(correo).ifPresent(p -> {
            throw BadRequest.field("correo", p);
        });
    }

    /**
     * The value as the client wrote it, in a bounded length: {@code 1e1000000000} is a valid JSON
     * number, and its plain form would be a billion digits long (an OutOfMemoryError, not a 400).
     */
    private static String shown(BigDecimal value) {
        return Math.abs((long) value.precision() - value.scale()) <= 40 && Math.abs(value.scale()) <= 40
                ? value.toPlainString()
                : value.toString();
    }

    /** The order this request becomes once it has an id: received, not yet processed. */
    public Order toOrder(long id) {
        return new Order(id, nombre.strip(), precio.longValueExact(), correo.strip(), Estado.RECIBIDO);
    }
}
