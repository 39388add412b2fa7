package dev.sluice.orders;

import dev.sluice.platform.kafka.JsonSerde;
import dev.sluice.platform.kafka.TopicSpec;
import java.util.List;
import java.util.Map;

/**
 * Every topic and consumer group of the orders system, declared once. All order topics are keyed by
 * order id and share one partition count, so one order's records stay in order and the processor and
 * notifier can each run as many instances as there are partitions. See docs/orders.md.
 *
 * @param partitions partitions of the keyed topics (the ceiling on instances per group)
 * @param replicationFactor {@link TopicSpec#BROKER_DEFAULT} for the cluster default
 */
public record OrderTopics(int partitions, short replicationFactor) {
    /** New orders from the request API (estado recibido). Read by {@link #PROCESSOR_GROUP}. */
    public static final String REQUESTED = "orders.requested";
    /** The next step of an order, delivered by the delay scheduler when due. Read by {@link #PROCESSOR_GROUP}. */
    public static final String ADVANCE = "orders.advance";
    /** Every state change, written by the processor in its transactions. Read by {@link #NOTIFIER_GROUP}. */
    public static final String STATUS = "orders.status";
    /** Records no orders service could read, with the reason and where they came from. */
    public static final String DLQ = "orders.dlq";

    public static final String PROCESSOR_GROUP = "orders.processor";
    public static final String NOTIFIER_GROUP = "orders.notifier";

    /** One serde for every topic: they all carry {@link Order}. */
    public static final JsonSerde<Order> SERDE = JsonSerde.of(Order.class);

    public OrderTopics {
        if (partitions < 1) {
            throw new IllegalArgumentException("orders.partitions must be 1 or more, was " + partitions);
        }
    }

    public List<TopicSpec> specs() {
        return List.of(
                new TopicSpec(REQUESTED, partitions, replicationFactor, Map.of()),
                new TopicSpec(ADVANCE, partitions, replicationFactor, Map.of()),
                new TopicSpec(STATUS, partitions, replicationFactor, Map.of()),
                // One partition: dead letters are rare and read by people in arrival order.
                new TopicSpec(DLQ, 1, replicationFactor, Map.of()));
    }
}
