package dev.sluice.orders.notify;

import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The notifier's PostgreSQL state (schema {@code orders}): the latest state per order, and the
 * claimed→sent row per (order id, estado) that keeps e-mails to one per order per state.
 *
 * <p>The scheme: before sending, a session <em>claims</em> the row (insert, or take over a claim
 * left by another session that died); a row already 'sent' or claimed by this very session is not
 * claimed again. After the SMTP server accepts the message the row becomes 'sent'. Replays and
 * restarts find 'sent' rows and skip them. A session that died holding claims delays those e-mails
 * by up to the lease. The one window left is a crash after the SMTP server accepted a message and
 * before the row is marked: the next session resends it after the lease, with the same
 * deterministic Message-ID (at-least-once for that instant, never lost). Exactly-once across an
 * SMTP server and a database is impossible without the server's help; we chose resend over loss.
 */
public final class NotificationStore {
    private final DataSource dataSource;

    public NotificationStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Records {@code order} as the latest state unless a later state is already stored. */
    public void saveLatest(Order order) throws SQLException {
        saveLatest(List.of(order));
    }

    /**
     * Records each order's latest state unless a later one is stored, in one statement for the whole
     * batch (an {@code unnest} of arrays: pgjdbc does not rewrite a batched {@code ON CONFLICT DO
     * UPDATE} into one multi-row statement). An order seen twice keeps its furthest state: one
     * statement may not update a row twice.
     */
    public void saveLatest(List<Order> orders) throws SQLException {
        Map<Long, Order> furthest = new LinkedHashMap<>();
        for (Order o : orders) {
            furthest.merge(o.id(), o, (a, b) -> b.estado().step() >= a.estado().step() ? b : a);
        }
        if (furthest.isEmpty()) {
            return;
        }
        String sql = """
        INSERT INTO orders.latest (order_id, nombre, precio, correo, estado, step)
        SELECT * FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[])
        ON CONFLICT (order_id) DO UPDATE SET estado = EXCLUDED.estado, step = EXCLUDED.step, updated_at = now()
        WHERE orders.latest.step < EXCLUDED.step""";
        List<Order> rows = new ArrayList<>(furthest.values());
        rows.sort(Comparator.comparingLong(Order::id)); // one lock order for every session: no deadlock between two
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("bigint", rows.stream().map(Order::id).toArray(Long[]::new)));
            s.setArray(
                    2, c.createArrayOf("text", rows.stream().map(Order::nombre).toArray(String[]::new)));
            s.setArray(
                    3,
                    c.createArrayOf("bigint", rows.stream().map(Order::precio).toArray(Long[]::new)));
            s.setArray(
                    4, c.createArrayOf("text", rows.stream().map(Order::correo).toArray(String[]::new)));
            s.setArray(
                    5,
                    c.createArrayOf(
                            "text", rows.stream().map(o -> o.estado().wire()).toArray(String[]::new)));
            s.setArray(
                    6,
                    c.createArrayOf(
                            "int4", rows.stream().map(o -> o.estado().step()).toArray(Integer[]::new)));
            s.executeUpdate();
        }
    }

    public Optional<Order> latest(long id) throws SQLException {
        String sql = "SELECT nombre, precio, correo, estado FROM orders.latest WHERE order_id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Order(
                        id, rs.getString(1), rs.getLong(2), rs.getString(3), Estado.fromWire(rs.getString(4))));
            }
        }
    }

    /** The outcome of {@link #claim}. */
    public enum Claim {
        /** This session owns the e-mail now and must send it. */
        CLAIMED,
        /** Sent before (a replay): nothing to do. */
        SENT,
        /** Another session claimed it less than a lease ago and may be sending it right now. */
        HELD
    }

    /**
     * Claims the e-mail for (order, estado). A claim by another session is taken over only once it is
     * older than {@code lease}: a session that lost its partitions but has not noticed yet (a zombie)
     * may still be sending, and taking over at once would double the e-mail.
     */
    public Claim claim(Order order, String session, Duration lease) throws SQLException {
        return claim(List.of(order), session, lease).get(Key.of(order));
    }

    /** One e-mail: (order id, estado). */
    public record Key(long orderId, String estado) {
        public static Key of(Order order) {
            return new Key(order.id(), order.estado().wire());
        }
    }

    /**
     * {@link #claim(Order, String, Duration)} for a batch, in two statements whatever its size: one
     * insert-or-take-over that returns the rows it claimed, and one read of the status of the others
     * (only when some were not claimed). An e-mail that appears twice in the batch is claimed once.
     *
     * @return the outcome per e-mail, in the batch's order
     */
    public Map<Key, Claim> claim(List<Order> orders, String session, Duration lease) throws SQLException {
        List<Key> keys =
                new ArrayList<>(new LinkedHashSet<>(orders.stream().map(Key::of).toList()));
        Map<Key, Claim> outcome = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return outcome;
        }
        keys.forEach(k -> outcome.put(k, Claim.HELD));
        List<Key> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparingLong(Key::orderId).thenComparing(Key::estado)); // one lock order
        String sql = """
        INSERT INTO orders.notifications (order_id, estado, status, claimed_by)
        SELECT k.order_id, k.estado, 'claimed', ? FROM unnest(?::bigint[], ?::text[]) AS k(order_id, estado)
        ON CONFLICT (order_id, estado) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_at = now()
        WHERE orders.notifications.status = 'claimed' AND orders.notifications.claimed_by <> EXCLUDED.claimed_by
          AND orders.notifications.claimed_at < now() - ?::interval
        RETURNING order_id, estado""";
        int claimed = 0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, session);
                setKeys(c, s, 2, sorted);
                s.setString(4, lease.toMillis() + " milliseconds");
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        outcome.put(new Key(rs.getLong(1), rs.getString(2)), Claim.CLAIMED);
                        claimed++;
                    }
                }
            }
            if (claimed == keys.size()) {
                return outcome;
            }
            // The rest are sent (a replay) or held; a row claimed by this very session counts as held:
            // it is the same record seen twice in one session, and it is being handled.
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT n.order_id, n.estado FROM orders.notifications n
                    JOIN unnest(?::bigint[], ?::text[]) AS k(order_id, estado) USING (order_id, estado)
                    WHERE n.status = 'sent'""")) {
                setKeys(c, s, 1, sorted);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        outcome.put(new Key(rs.getLong(1), rs.getString(2)), Claim.SENT);
                    }
                }
            }
        }
        return outcome;
    }

    /** Gives a claim back when the send failed, so the retry need not wait for the lease. */
    public void release(Order order, String session) throws SQLException {
        release(List.of(Key.of(order)), session);
    }

    /** {@link #release(Order, String)} for several e-mails, in one statement. */
    public void release(List<Key> keys, String session) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        String sql = """
        DELETE FROM orders.notifications n USING unnest(?::bigint[], ?::text[]) AS k(order_id, estado)
        WHERE n.order_id = k.order_id AND n.estado = k.estado AND n.claimed_by = ? AND n.status = 'claimed'""";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            setKeys(c, s, 1, keys);
            s.setString(3, session);
            s.executeUpdate();
        }
    }

    private static void setKeys(Connection c, PreparedStatement s, int first, List<Key> keys) throws SQLException {
        s.setArray(
                first, c.createArrayOf("bigint", keys.stream().map(Key::orderId).toArray(Long[]::new)));
        s.setArray(
                first + 1,
                c.createArrayOf("text", keys.stream().map(Key::estado).toArray(String[]::new)));
    }

    public void markSent(Order order, String session) throws SQLException {
        String sql =
                "UPDATE orders.notifications SET status = 'sent', sent_at = now() WHERE order_id = ? AND estado = ? AND claimed_by = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, order.id());
            s.setString(2, order.estado().wire());
            s.setString(3, session);
            s.executeUpdate();
        }
    }

    /** How many e-mails are recorded as sent. */
    public long sentCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM orders.notifications WHERE status = 'sent'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * One state of an order as the notifier saw it: when its e-mail was claimed (the moment the
     * notifier read the state change; a take-over after a lease moves it) and when the SMTP server
     * accepted the e-mail (null while it is not sent).
     */
    public record StateSeen(Estado estado, Instant seenAt, Instant emailSentAt) {}

    /** Every state of order {@code id} the notifier has seen, in the order of the state machine. */
    public List<StateSeen> history(long id) throws SQLException {
        String sql = "SELECT estado, claimed_at, sent_at FROM orders.notifications WHERE order_id = ?";
        List<StateSeen> states = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    java.sql.Timestamp sent = rs.getTimestamp(3);
                    states.add(new StateSeen(
                            Estado.fromWire(rs.getString(1)),
                            rs.getTimestamp(2).toInstant(),
                            sent == null ? null : sent.toInstant()));
                }
            }
        }
        states.sort(java.util.Comparator.comparingInt(st -> st.estado().step()));
        return states;
    }
}
