package dev.sluice.orders.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * {@code POST /orders}' {@code Idempotency-Key} (IETF httpapi draft "The Idempotency-Key HTTP Header
 * Field"): the first request with a key creates the order; a retry with the same key and the same
 * body gets that same order back instead of a second one, from any API instance, also after a
 * restart. Kept in PostgreSQL ({@code orders.idempotency_keys}, one row per key) for {@link
 * #RETENTION}.
 *
 * <p>A row holds the body's fingerprint, the order id the key was given and whether Kafka has
 * acknowledged the order. What a request with a key gets ({@link #begin}):
 *
 * <ul>
 *   <li>a new key: a row with a new order id; the caller publishes and then calls {@link #published};
 *   <li>a published key, same body: that order again, nothing published ({@link Kind#REPLAY});
 *   <li>the same key with another body: refused ({@link Kind#MISMATCH}, 422);
 *   <li>a key whose first request is still publishing: {@link Kind#IN_FLIGHT} (409, try again) until
 *       the {@link #lease} is over, that is until that request cannot still be waiting for Kafka;
 *   <li>after the lease (the API died mid-publish), or right after a publish that failed ({@link
 *       #release}): this request takes the key over ({@link Kind#RESUME}) and publishes the same
 *       order id again, unless the notifier has already seen that order (then it was published and
 *       only the acknowledgement was lost).
 * </ul>
 *
 * <p>The window left: an order Kafka stored whose acknowledgement the API never recorded (killed
 * between the two, or a publish that timed out and then landed), retried before the notifier read it.
 * The retry publishes the same order id a second time; the notifier still sends one e-mail per order
 * and state, and {@code GET} never moves back, but {@code orders.status} carries that order's states
 * twice.
 */
public final class IdempotencyKeys {
    /** How long a key is kept: a retry later than this creates a new order. */
    public static final Duration RETENTION = Duration.ofHours(24);
    /** Longest a key may be written: the draft leaves it to the server; UUIDs and ULIDs fit many times. */
    public static final int MAX_KEY_LENGTH = 255;

    private final DataSource dataSource;
    private final Duration lease;

    /** What a request with a key does. */
    public enum Kind {
        /** The key is new: publish the order, then {@link #published}. */
        NEW,
        /** The order of this key was published: answer with it, publish nothing. */
        REPLAY,
        /** Another request is publishing this key's order now: 409, try again shortly. */
        IN_FLIGHT,
        /** The key was used with another body: 422. */
        MISMATCH,
        /** This request took over an unfinished key: publish the same order unless {@code seen}. */
        RESUME
    }

    /**
     * @param orderId the order of the key (0 for {@link Kind#MISMATCH})
     * @param seen for {@link Kind#RESUME}: the notifier has the order, so it is in Kafka already
     */
    public record Outcome(Kind kind, long orderId, boolean seen) {}

    /**
     * @param lease how long a request that took a key may still be publishing: longer than the
     *     publisher's whole timeout (blocking for metadata plus the delivery timeout)
     */
    public IdempotencyKeys(DataSource dataSource, Duration lease) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (lease == null || lease.isNegative()) {
            throw new IllegalArgumentException("idempotency key lease must be zero or more, e.g. 30s");
        }
        this.lease = lease;
    }

    public Duration lease() {
        return lease;
    }

    /**
     * Takes {@code key} for a request whose fields fingerprint to {@code fingerprint}; {@code newId}
     * is asked for an id only when the key may be new.
     */
    public Outcome begin(String key, byte[] fingerprint, LongSupplier newId) throws SQLException {
        // a key swept between the statements below is looked at again
        for (int round = 0; round < 3; round++) {
            // Drawn before this takes a connection: the ids may come from the same pool, and a request
            // holding one connection while it waits for another deadlocks the pool under load.
            long id = newId.getAsLong();
            Outcome outcome = begin(key, fingerprint, id);
            if (outcome != null) {
                return outcome;
            }
        }
        throw new SQLException("idempotency key '" + key + "' kept changing under this request; try again");
    }

    /** One round of {@link #begin(String, byte[], LongSupplier)}; null when the key vanished meanwhile. */
    private Outcome begin(String key, byte[] fingerprint, long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO orders.idempotency_keys (idem_key, fingerprint, order_id) VALUES (?, ?, ?)"
                            + " ON CONFLICT (idem_key) DO NOTHING")) {
                insert.setString(1, key);
                insert.setBytes(2, fingerprint);
                insert.setLong(3, id);
                if (insert.executeUpdate() == 1) {
                    return new Outcome(Kind.NEW, id, false);
                }
            }
            // the key exists (the id drawn above is a gap): take it over if its publisher is gone
            try (PreparedStatement takeOver =
                    c.prepareStatement("UPDATE orders.idempotency_keys k SET claimed_at = now()"
                            + " WHERE idem_key = ? AND fingerprint = ? AND published_at IS NULL"
                            + " AND claimed_at <= now() - make_interval(secs => ?)"
                            + " RETURNING order_id,"
                            + " EXISTS (SELECT 1 FROM orders.latest l WHERE l.order_id = k.order_id)")) {
                takeOver.setString(1, key);
                takeOver.setBytes(2, fingerprint);
                takeOver.setDouble(3, lease.toMillis() / 1000.0);
                try (ResultSet rs = takeOver.executeQuery()) {
                    if (rs.next()) {
                        return new Outcome(Kind.RESUME, rs.getLong(1), rs.getBoolean(2));
                    }
                }
            }
            try (PreparedStatement read = c.prepareStatement(
                    "SELECT fingerprint, order_id, published_at IS NOT NULL FROM orders.idempotency_keys"
                            + " WHERE idem_key = ?")) {
                read.setString(1, key);
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        return null; // swept meanwhile: the key is new again
                    }
                    if (!Arrays.equals(rs.getBytes(1), fingerprint)) {
                        return new Outcome(Kind.MISMATCH, 0, false);
                    }
                    if (rs.getBoolean(3)) {
                        return new Outcome(Kind.REPLAY, rs.getLong(2), true);
                    }
                }
            }
            return new Outcome(Kind.IN_FLIGHT, 0, false);
        }
    }

    /** Kafka acknowledged the key's order: retries get it back at once from now on. */
    public void published(String key, long orderId) throws SQLException {
        update(
                "UPDATE orders.idempotency_keys SET published_at = now() WHERE idem_key = ? AND order_id = ?",
                key,
                orderId);
    }

    /**
     * The key's publish failed: the next retry takes the key over at once (same order id) instead of
     * waiting out the lease.
     */
    public void release(String key, long orderId) throws SQLException {
        update(
                "UPDATE orders.idempotency_keys SET claimed_at = '-infinity'"
                        + " WHERE idem_key = ? AND order_id = ? AND published_at IS NULL",
                key,
                orderId);
    }

    /** Deletes the keys older than {@code retention}; returns how many. */
    public int sweep(Duration retention) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "DELETE FROM orders.idempotency_keys WHERE created_at < now() - make_interval(secs => ?)")) {
            s.setDouble(1, retention.toMillis() / 1000.0);
            return s.executeUpdate();
        }
    }

    private void update(String sql, String key, long orderId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            s.setLong(2, orderId);
            s.executeUpdate();
        }
    }

    /** SHA-256 of the request's fields as the order will carry them: JSON spacing and field order do not count. */
    public static byte[] fingerprint(OrderRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {
                request.nombre().strip(),
                Long.toString(request.precio().longValueExact()),
                request.correo().strip()
            }) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update((byte) (bytes.length >>> 24));
                sha.update((byte) (bytes.length >>> 16));
                sha.update((byte) (bytes.length >>> 8));
                sha.update((byte) bytes.length);
                sha.update(bytes);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The key of an {@code Idempotency-Key} header value: the draft's form is a Structured Field
     * string ({@code "8e03978e-..."}, RFC 8941); a bare token, as Stripe's clients send, is taken as
     * it is. Null when the header is absent; {@link IllegalArgumentException} naming the problem when
     * it is not a key.
     */
    public static String parseHeader(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            StringBuilder key = new StringBuilder(v.length());
            for (int i = 1; i < v.length() - 1; i++) {
                char ch = v.charAt(i);
                if (ch == '\\') {
                    if (i + 1 >= v.length() - 1 || (v.charAt(i + 1) != '"' && v.charAt(i + 1) != '\\')) {
                        throw new IllegalArgumentException("a backslash in a quoted key must escape \" or \\");
                    }
                    ch = v.charAt(++i);
                } else if (ch == '"') {
                    throw new IllegalArgumentException("a quote inside a quoted key must be escaped as \\\"");
                }
                key.append(ch);
            }
            v = key.toString();
        }
        if (v.isEmpty()) {
            throw new IllegalArgumentException("is empty; send a unique value per order, e.g. a UUID");
        }
        if (v.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "is " + v.length() + " characters long; at most " + MAX_KEY_LENGTH + " (a UUID is 36)");
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                throw new IllegalArgumentException("may hold printable ASCII characters only (a UUID, a ULID, ...)");
            }
        }
        return v;
    }
}
