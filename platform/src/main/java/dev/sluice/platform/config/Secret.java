package dev.sluice.platform.config;

import java.util.Objects;

/**
 * A value that must never reach a log or a terminal. Records holding one print {@code ****} in
 * their generated {@code toString}, so redaction does not depend on every caller remembering it.
 */
public final class Secret {
    public static final String MASK = "****";
    private static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    /** The clear text, for handing to a driver; never for printing. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "" : MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
