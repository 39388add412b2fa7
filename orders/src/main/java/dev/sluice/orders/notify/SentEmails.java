package dev.sluice.orders.notify;

import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Read model of the e-mails sent for a set of orders, for demos, load runs and benchmarks: the
 * notifier's sent rows in {@code orders.notifications} (cheap enough to poll while waiting), and,
 * when SMTP is the embedded server, its mailbox (where a doubled e-mail shows).
 */
public final class SentEmails {
    private final DataSource db;
    private final EmbeddedSmtp mailbox;

    private static final Pattern ORDER_SUBJECT = Pattern.compile("Pedido (\\d+): .*");

    /** @param mailbox the embedded SMTP server, or null for an external one (then the sent rows are counted) */
    public SentEmails(DataSource db, EmbeddedSmtp mailbox) {
        this.db = db;
        this.mailbox = mailbox;
    }

    /** The embedded SMTP server, if that is where the e-mails go. */
    public Optional<EmbeddedSmtp> mailbox() {
        return Optional.ofNullable(mailbox);
    }

    /** E-mails in all, and distinct (order, state) subjects among them. */
    public record Count(long total, long distinct) {}

    /** E-mails the notifier recorded as sent for these orders. */
    public long sentRows(Set<Long> ids) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT count(*) FROM orders.notifications WHERE status = 'sent' AND order_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** When the notifier recorded each e-mail of these orders as sent (epoch ms, PostgreSQL's clock: the same host here). */
    public List<Long> sentTimes(Set<Long> ids) throws Exception {
        List<Long> times = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT (extract(epoch FROM sent_at) * 1000)::bigint FROM orders.notifications WHERE status = 'sent' AND order_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getLong(1));
                }
            }
        }
        return times;
    }

    /**
     * E-mails of these orders: counted in the embedded mailbox (total and distinct (order, state)
     * subjects, so a doubled e-mail shows), or from the notifier's sent rows with an external server.
     */
    public Count count(Set<Long> ids) throws Exception {
        if (mailbox == null) {
            long sent = sentRows(ids);
            return new Count(sent, sent);
        }
        long total = 0;
        Set<String> distinct = new HashSet<>();
        for (MimeMessage m : mailbox.received()) {
            String subject = m.getSubject(); // "Pedido <id>: <estado>"; other mail (a raw SMTP baseline) is not counted
            Matcher order = subject == null ? null : ORDER_SUBJECT.matcher(subject);
            if (order != null && order.matches() && ids.contains(Long.parseLong(order.group(1)))) {
                total++;
                distinct.add(subject);
            }
        }
        return new Count(total, distinct.size());
    }
}
