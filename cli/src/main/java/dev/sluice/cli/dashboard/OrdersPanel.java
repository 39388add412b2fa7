package dev.sluice.cli.dashboard;

import dev.sluice.orders.Estado;
import dev.sluice.orders.process.StateDelays;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The orders system as the notifier's read model tells it ({@code orders.latest}, one row per order
 * with its latest state; {@code orders.notifications}, one row per order and state, claimed when the
 * notifier read the state change and sent when the SMTP server took the e-mail): orders per state,
 * state changes and e-mails sent (running totals), e-mails claimed but not yet sent, and the last
 * minute's transition lag: the time between two states of an order as the notifier saw them, minus
 * the configured delay of the earlier state.
 */
final class OrdersPanel implements Panel {
    private static final String STATES = "SELECT estado, count(*) FROM orders.latest GROUP BY estado";
    private static final String TOTALS = """
            SELECT count(*) FILTER (WHERE estado <> 'recibido'),
                   count(*) FILTER (WHERE status = 'sent'),
                   count(*) FILTER (WHERE status = 'claimed')
              FROM orders.notifications""";
    private static final String LAG = """
            WITH recent AS (
              SELECT claimed_at,
                     lag(claimed_at) OVER w AS prev_at,
                     lag(estado) OVER w AS prev_estado
                FROM orders.notifications
               WHERE order_id IN (SELECT order_id FROM orders.notifications
                                   WHERE claimed_at > now() - interval '60 seconds')
              WINDOW w AS (PARTITION BY order_id ORDER BY claimed_at))
            SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY lag_ms)
              FROM (SELECT extract(epoch FROM claimed_at - prev_at) * 1000
                           - CASE prev_estado WHEN 'recibido' THEN ? WHEN 'preparando' THEN ? ELSE ? END AS lag_ms
                      FROM recent
                     WHERE prev_at IS NOT NULL AND claimed_at > now() - interval '60 seconds') t""";

    private final DataSource dataSource;
    private final StateDelays delays;

    OrdersPanel(DataSource dataSource, StateDelays delays) {
        this.dataSource = dataSource;
        this.delays = delays;
    }

    @Override
    public String name() {
        return "orders";
    }

    @Override
    public Reading read(boolean full) throws SQLException {
        Reading r = new Reading();
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> states = new LinkedHashMap<>();
            for (Estado e : Estado.values()) {
                states.put(e.wire(), 0L);
            }
            try (PreparedStatement s = c.prepareStatement(STATES);
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getLong(2));
                }
            }
            r.now().put("states", states);
            try (PreparedStatement s = c.prepareStatement(TOTALS);
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                r.counter("transitions", rs.getLong(1));
                r.counter("emailsSent", rs.getLong(2));
                r.gauge("emailsClaimed", (double) rs.getLong(3));
            }
            try (PreparedStatement s = c.prepareStatement(LAG)) {
                s.setLong(1, delays.in(Estado.RECIBIDO).toMillis());
                s.setLong(2, delays.in(Estado.PREPARANDO).toMillis());
                s.setLong(3, delays.in(Estado.ENTREGANDO).toMillis());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    Array a = rs.getArray(1);
                    if (a != null) {
                        Object[] p = (Object[]) a.getArray();
                        r.gauge("transitionLagP50", p[0] == null ? null : ((Number) p[0]).doubleValue());
                        r.gauge("transitionLagP99", p[1] == null ? null : ((Number) p[1]).doubleValue());
                    }
                }
            }
        }
        return r;
    }
}
