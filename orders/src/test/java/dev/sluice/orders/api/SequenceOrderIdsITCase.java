package dev.sluice.orders.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.test.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Order ids drawn from the PostgreSQL sequence in blocks: unique across threads and instances, ascending per instance. */
class SequenceOrderIdsITCase {
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    private static DataSource db;

    @BeforeAll
    static void migrate() {
        Migrations.apply(postgres.database().dataSource(), "orders");
        db = postgres.database().dataSource();
    }

    private static long sequenceValue() throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT last_value FROM orders.order_id_seq")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldHandOutABlockInAscendingOrderWithOneDrawFromTheSequence() throws Exception {
        SequenceOrderIds ids = new SequenceOrderIds(db, 8);
        long first = ids.next();
        assertThat(sequenceValue()).as("one draw takes the whole block").isEqualTo(first + 7);
        List<Long> rest = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rest.add(ids.next());
        }
        assertThat(rest).containsExactly(first + 1, first + 2, first + 3, first + 4, first + 5, first + 6, first + 7);
        assertThat(sequenceValue()).as("no second draw while the block lasts").isEqualTo(first + 7);
        assertThat(ids.next()).as("the next block").isEqualTo(first + 8);
        assertThat(sequenceValue()).isEqualTo(first + 15);
    }

    @Test
    void shouldNeverGiveTheSameIdTwiceAcrossThreadsAndInstances() throws Exception {
        SequenceOrderIds one = new SequenceOrderIds(db);
        SequenceOrderIds two = new SequenceOrderIds(db, 5);
        SequenceOrderIds unblocked = new SequenceOrderIds(db, 1);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> work = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                SequenceOrderIds ids = t % 3 == 0 ? one : t % 3 == 1 ? two : unblocked;
                work.add(pool.submit(() -> {
                    int doubled = 0;
                    for (int i = 0; i < 500; i++) {
                        if (!seen.add(ids.next())) {
                            doubled++;
                        }
                    }
                    return doubled;
                }));
            }
            for (Future<Integer> f : work) {
                assertThat(f.get()).as("ids handed out twice").isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(12 * 500);
    }

    @Test
    void shouldRefuseAnEmptyBlock() {
        assertThatThrownBy(() -> new SequenceOrderIds(db, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("block");
    }
}
