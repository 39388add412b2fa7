package dev.sluice.orders;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The states an order moves through, in order. On the wire they are the assignment's lower-case
 * Spanish words; {@link #step()} orders them so a late or replayed status never moves an order back.
 */
public enum Estado {
    RECIBIDO,
    PREPARANDO,
    ENTREGANDO,
    FINALIZADO;

    private static final String ACCEPTED =
            Arrays.stream(values()).map(Estado::wire).collect(Collectors.joining(", "));

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the wire word; anything else names the accepted words. */
    @JsonCreator
    public static Estado fromWire(String value) {
        for (Estado e : values()) {
            if (e.wire().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("estado '" + value + "' is not one of " + ACCEPTED);
    }

    /** 0 for recibido up to 3 for finalizado. */
    public int step() {
        return ordinal();
    }

    /** The state after this one, or empty for finalizado. */
    public Optional<Estado> next() {
        return this == FINALIZADO ? Optional.empty() : Optional.of(values()[ordinal() + 1]);
    }

    public boolean isFinal() {
        return this == FINALIZADO;
    }
}
