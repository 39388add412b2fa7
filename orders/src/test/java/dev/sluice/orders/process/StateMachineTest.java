package dev.sluice.orders.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StateMachineTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private final StateDelays delays =
            new StateDelays(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(2));
    private final StateMachine machine = new StateMachine(delays, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Order received = new Order(7, "Macbook air M1", 759000, "a@b.c", Estado.RECIBIDO);

    @Test
    void shouldPublishRecibidoAndSchedulePreparandoAfterTheRecibidoDelay() {
        StateMachine.Step step = (StateMachine.Step) machine.onRequested(received);
        assertThat(step.status()).isEqualTo(received);
        assertThat(step.next()).hasValueSatisfying(next -> {
            assertThat(next.order()).isEqualTo(received.withEstado(Estado.PREPARANDO));
            assertThat(next.due()).isEqualTo(NOW.plusSeconds(1));
        });
    }

    @Test
    void shouldUseEachStatesOwnDelay() {
        StateMachine.Step preparando = (StateMachine.Step) machine.onAdvance(received.withEstado(Estado.PREPARANDO));
        assertThat(preparando.next().orElseThrow().order().estado()).isEqualTo(Estado.ENTREGANDO);
        assertThat(preparando.next().orElseThrow().due()).isEqualTo(NOW.plusSeconds(5));

        StateMachine.Step entregando = (StateMachine.Step) machine.onAdvance(received.withEstado(Estado.ENTREGANDO));
        assertThat(entregando.next().orElseThrow().order().estado()).isEqualTo(Estado.FINALIZADO);
        assertThat(entregando.next().orElseThrow().due()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void shouldScheduleNothingAfterFinalizado() {
        StateMachine.Step done = (StateMachine.Step) machine.onAdvance(received.withEstado(Estado.FINALIZADO));
        assertThat(done.status().estado()).isEqualTo(Estado.FINALIZADO);
        assertThat(done.next()).isEmpty();
    }

    @Test
    void shouldWalkAnOrderThroughEveryStateInOrder() {
        StateMachine.Decision d = machine.onRequested(received);
        StringBuilder seen = new StringBuilder();
        while (d instanceof StateMachine.Step step) {
            seen.append(step.status().estado().wire()).append(' ');
            d = step.next().map(n -> machine.onAdvance(n.order())).orElse(null);
        }
        assertThat(seen.toString().trim()).isEqualTo("recibido preparando entregando finalizado");
    }

    @Test
    void shouldRejectANewOrderThatIsNotRecibido() {
        assertThat(machine.onRequested(received.withEstado(Estado.ENTREGANDO)))
                .isInstanceOfSatisfying(
                        StateMachine.Rejected.class,
                        r -> assertThat(r.reason()).contains("recibido").contains("7"));
    }

    @Test
    void shouldRejectAnAdvanceBackToRecibido() {
        assertThat(machine.onAdvance(received)).isInstanceOf(StateMachine.Rejected.class);
    }

    @Test
    void shouldScheduleZeroDelaysForNow() {
        StateMachine zero = new StateMachine(StateDelays.uniform(Duration.ZERO), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(((StateMachine.Step) zero.onRequested(received))
                        .next()
                        .orElseThrow()
                        .due())
                .isEqualTo(NOW);
    }
}
