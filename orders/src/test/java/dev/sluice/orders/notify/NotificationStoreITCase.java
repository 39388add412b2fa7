package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.orders.notify.NotificationStore.Claim;
import dev.sluice.orders.notify.NotificationStore.Key;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.test.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The claimed→sent scheme and the never-backwards latest state, on a real PostgreSQL. */
class NotificationStoreITCase {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static NotificationStore store;

    @BeforeAll
    static void migrate() {
        Migrations.apply(postgres.database().dataSource(), "orders");
        store = new NotificationStore(postgres.database().dataSource());
    }

    private static Order order(long id, Estado estado) {
        return new Order(id, "Macbook air M1", 759000, "a@b.cl", estado);
    }

    private static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void shouldLetOnlyOneSessionClaimAnEmailAndNobodyAfterItIsSent() throws Exception {
        Order o = order(1, Estado.PREPARANDO);
        assertThat(store.claim(o, "a", LEASE)).isEqualTo(Claim.CLAIMED);
        assertThat(store.claim(o, "b", LEASE))
                .as("a fresh claim of another session is respected")
                .isEqualTo(Claim.HELD);
        store.markSent(o, "a");
        assertThat(store.claim(o, "b", LEASE)).as("already sent").isEqualTo(Claim.SENT);
        assertThat(store.claim(o, "b", Duration.ZERO))
                .as("sent is final, whatever the lease")
                .isEqualTo(Claim.SENT);
        assertThat(store.claim(order(1, Estado.ENTREGANDO), "b", LEASE))
                .as("another state is another e-mail")
                .isEqualTo(Claim.CLAIMED);
    }

    @Test
    void shouldHandAClaimOlderThanTheLeaseToTheNextSession() throws Exception {
        Order o = order(2, Estado.RECIBIDO);
        assertThat(store.claim(o, "crashed", LEASE)).isEqualTo(Claim.CLAIMED);
        assertThat(store.claim(o, "next", Duration.ZERO))
                .as("the lease of the dead session is over")
                .isEqualTo(Claim.CLAIMED);
        store.markSent(o, "crashed"); // a zombie's late mark does not count: the row is no longer its own
        assertThat(store.claim(o, "third", Duration.ZERO))
                .as("still not sent by its owner")
                .isEqualTo(Claim.CLAIMED);
    }

    @Test
    void shouldFreeAReleasedClaimAtOnce() throws Exception {
        Order o = order(4, Estado.FINALIZADO);
        assertThat(store.claim(o, "a", LEASE)).isEqualTo(Claim.CLAIMED);
        store.release(o, "a");
        assertThat(store.claim(o, "b", LEASE)).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void shouldNeverMoveTheLatestStateBack() throws Exception {
        store.saveLatest(order(3, Estado.RECIBIDO));
        store.saveLatest(order(3, Estado.ENTREGANDO));
        store.saveLatest(order(3, Estado.PREPARANDO)); // a late replay
        assertThat(store.latest(3)).contains(order(3, Estado.ENTREGANDO));
        assertThat(store.latest(404)).isEmpty();
    }

    @Test
    void shouldClaimABatchInOneGoAndTellSentAndHeldApart() throws Exception {
        Order sent = order(20, Estado.RECIBIDO);
        Order held = order(20, Estado.PREPARANDO);
        Order fresh = order(21, Estado.RECIBIDO);
        store.claim(sent, "a", LEASE);
        store.markSent(sent, "a");
        store.claim(held, "a", LEASE);

        Map<Key, Claim> claims = store.claim(List.of(fresh, sent, held, fresh), "b", LEASE);

        assertThat(claims)
                .as("one outcome per e-mail, in the batch's order, a repeated one once")
                .containsExactly(
                        Map.entry(Key.of(fresh), Claim.CLAIMED),
                        Map.entry(Key.of(sent), Claim.SENT),
                        Map.entry(Key.of(held), Claim.HELD));
        assertThat(store.claim(fresh, "c", LEASE))
                .as("the batch's claim holds like a single one")
                .isEqualTo(Claim.HELD);
        store.release(List.of(Key.of(fresh), Key.of(held)), "b");
        assertThat(store.claim(fresh, "c", LEASE)).as("released: free at once").isEqualTo(Claim.CLAIMED);
        assertThat(store.claim(held, "c", LEASE))
                .as("a release only gives back the session's own claims")
                .isEqualTo(Claim.HELD);
    }

    @Test
    void shouldSaveABatchOfLatestStatesKeepingEachOrdersFurthest() throws Exception {
        store.saveLatest(order(30, Estado.ENTREGANDO));

        store.saveLatest(List.of(
                order(31, Estado.PREPARANDO),
                order(30, Estado.PREPARANDO), // late: never moves order 30 back
                order(31, Estado.RECIBIDO), // the same order twice in one batch: its furthest state wins
                order(32, Estado.RECIBIDO)));

        assertThat(store.latest(30)).contains(order(30, Estado.ENTREGANDO));
        assertThat(store.latest(31)).contains(order(31, Estado.PREPARANDO));
        assertThat(store.latest(32)).contains(order(32, Estado.RECIBIDO));
    }
}
