package dev.sluice.orders.process;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The order life cycle, without Kafka: recibido → preparando → entregando → finalizado, each state
 * held for its configured delay. Given the order that just arrived, it says which state change to
 * publish and which step to schedule, and when (from the injected clock); or why the record is
 * unacceptable. Pure, so tests drive it with a fixed clock.
 */
public final class StateMachine {
    private final StateDelays delays;
    private final Clock clock;

    public StateMachine(StateDelays delays, Clock clock) {
        this.delays = Objects.requireNonNull(delays, "delays");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What to do with one record. */
    public sealed interface Decision permits Step, Rejected {}

    /** Publish {@code status} on orders.status; if present, deliver {@code next} to the processor at its due time. */
    public record Step(Order status, Optional<Scheduled> next) implements Decision {
        public Step {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(next, "next");
        }
    }

    public record Scheduled(Order order, Instant due) {
        public Scheduled {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(due, "due");
        }
    }

    /** The record cannot be processed: it goes to the dead-letter topic with this reason. */
    public record Rejected(String reason) implements Decision {
        public Rejected {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a rejection needs a reason");
            }
        }
    }

    /** A new order from the API: it must arrive as recibido. */
    public Decision onRequested(Order order) {
        if (order.estado() != Estado.RECIBIDO) {
            return new Rejected("a new order must have estado 'recibido', order " + order.id() + " has '"
                    + order.estado().wire() + "'");
        }
        return enter(order);
    }

    /** A step the processor scheduled earlier, now due: the order enters {@code order.estado()}. */
    public Decision onAdvance(Order order) {
        if (order.estado() == Estado.RECIBIDO) {
            return new Rejected("an advance never leads back to 'recibido' (order " + order.id() + ")");
        }
        return enter(order);
    }

    private Step enter(Order order) {
        Optional<Scheduled> next = order.estado()
                .next()
                .map(n -> new Scheduled(order.withEstado(n), clock.instant().plus(delays.in(order.estado()))));
        return new Step(order, next);
    }
}
