package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.orders.notify.NotificationStore.Key;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmailBatchTest {
    private static Order order(long id, Estado estado) {
        return new Order(id, "Producto " + id, 1000, "cliente" + id + "@correo.com", estado);
    }

    @Test
    void shouldKeepOneOrdersEmailsTogetherInTheOrderTheStatesArrived() {
        Order a1 = order(1, Estado.RECIBIDO);
        Order b1 = order(2, Estado.RECIBIDO);
        Order a2 = order(1, Estado.PREPARANDO);
        Order a3 = order(1, Estado.ENTREGANDO);
        List<Order> batch = List.of(a1, b1, a2, a3);

        List<List<Order>> groups = EmailBatch.perOrder(batch, Set.of(Key.of(a1), Key.of(b1), Key.of(a2), Key.of(a3)));

        assertThat(groups).containsExactly(List.of(a1, a2, a3), List.of(b1));
    }

    @Test
    void shouldSendOnlyTheClaimedEmailsAndEachOnceWhenTheBatchHoldsItTwice() {
        Order sentBefore = order(7, Estado.RECIBIDO);
        Order claimed = order(7, Estado.PREPARANDO);
        Order replayed = order(7, Estado.PREPARANDO); // the same record read twice
        Order otherSent = order(8, Estado.FINALIZADO);

        List<List<Order>> groups =
                EmailBatch.perOrder(List.of(sentBefore, claimed, otherSent, replayed), Set.of(Key.of(claimed)));

        assertThat(groups).containsExactly(List.of(claimed));
    }

    @Test
    void shouldGiveNothingToSendWhenNothingWasClaimed() {
        assertThat(EmailBatch.perOrder(List.of(order(9, Estado.RECIBIDO)), Set.of()))
                .isEmpty();
    }
}
