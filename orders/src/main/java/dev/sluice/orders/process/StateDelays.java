package dev.sluice.orders.process;

import dev.sluice.orders.Estado;
import java.time.Duration;
import java.util.Objects;

/**
 * How long an order stays in each state before it moves on (finalizado is final, so it has none).
 * Read from {@code orders.state-delay} and the per-state {@code orders.delay.<estado>} keys.
 */
public record StateDelays(Duration recibido, Duration preparando, Duration entregando) {
    public StateDelays {
        check("orders.delay.recibido", recibido);
        check("orders.delay.preparando", preparando);
        check("orders.delay.entregando", entregando);
    }

    public static StateDelays uniform(Duration each) {
        return new StateDelays(each, each, each);
    }

    /** The time spent in {@code estado} before the next state. */
    public Duration in(Estado estado) {
        return switch (estado) {
            case RECIBIDO -> recibido;
            case PREPARANDO -> preparando;
            case ENTREGANDO -> entregando;
            case FINALIZADO ->
                throw new IllegalArgumentException("finalizado is the last state: there is no delay after it");
        };
    }

    private static void check(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + " must be zero or more, was " + d);
        }
    }
}
