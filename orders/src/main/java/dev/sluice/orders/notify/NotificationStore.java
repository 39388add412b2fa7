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
import java.util.List;
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
        String sql = """
        INSERT INTO orders.latest (order_id, nombre, precio, correo, estado, step) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (order_id) DO UPDATE SET estado = EXCLUDED.estado, step = EXCLUDED.step, updated_at = now()
        WHERE orders.latest.step < EXCLUDED.step""";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, order.id());
            s.setString(2, order.nombre());
            s.setLong(3, order.precio());
            s.setString(4, order.correo());
            s.setString(5, order.estado().wire());
            s.setShort(6, (short) order.estado().step());
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
        String sql = """
        INSERT INTO orders.notifications (order_id, estado, status, claimed_by) VALUES (?, ?, 'claimed', ?)
        ON CONFLICT (order_id, estado) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_at = now()
        WHERE orders.notifications.status = 'claimed' AND orders.notifications.claimed_by <> EXCLUDED.claimed_by
          AND orders.notifications.claimed_at < now() - ?::interval""";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, order.id());
                s.setString(2, order.estado().wire());
                s.setString(3, session);
                s.setString(4, lease.toMillis() + " milliseconds");
                if (s.executeUpdate() == 1) {
                    return Claim.CLAIMED;
                }
            }
            try (PreparedStatement s =
                    c.prepareStatement("SELECT status FROM orders.notifications WHERE order_id = ? AND estado = ?")) {
                s.setLong(1, order.id());
                s.setString(2, order.estado().wire());
                try (ResultSet rs = s.executeQuery()) {
                    // A row claimed by this very session: the same record seen twice in one session; it is being
                    // handled.
                    return rs.next() && rs.getString(1).equals("sent") ? Claim.SENT : Claim.HELD;
                }
            }
        }
    }

    /** Gives a claim back when the send failed, so the retry need not wait for the lease. */
    public void release(Order order, String session) throws SQLException {
        String sql =
                "DELETE FROM orders.notifications WHERE order_id = ? AND estado = ? AND claimed_by = ? AND status = 'claimed'";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, order.id());
            s.setString(2, order.estado().wire());
            s.setString(3, session);
            s.executeUpdate();
        }
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
