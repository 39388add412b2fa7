package dev.sluice.orders.api;

import dev.sluice.orders.Order;

/** Publishes an accepted order; a seam so HTTP tests run without Kafka. */
@FunctionalInterface
public interface OrderPublisher {
    /** Returns once the order is durably stored (acknowledged by all in-sync replicas), throws otherwise. */
    void publish(Order order) throws Exception;
}
