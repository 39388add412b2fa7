package dev.sluice.orders.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Order ids from the PostgreSQL sequence {@code orders.order_id_seq}. Why a sequence: it is
 * durable (unique across restarts) and atomic across any number of API instances, ids stay small
 * and readable like the assignment's {@code "id":1}, and the notifier already needs PostgreSQL.
 * A Kafka-free scheme (time + instance number + counter) would need every instance to own a
 * distinct, configured instance number and a clock that never goes back; the sequence needs
 * neither. Gaps (a failed publish burns an id) are harmless.
 */
public final class SequenceOrderIds implements OrderIds {
    private final DataSource dataSource;

    public SequenceOrderIds(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public long next() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT nextval('orders.order_id_seq')");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take an order id from orders.order_id_seq: " + e.getMessage(), e);
        }
    }
}
