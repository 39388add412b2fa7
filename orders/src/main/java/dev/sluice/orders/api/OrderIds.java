package dev.sluice.orders.api;

/** Hands out order ids; a seam so HTTP tests run without a database. */
@FunctionalInterface
public interface OrderIds {
    /** A new id, never handed out before by any instance, also across restarts. */
    long next();
}
