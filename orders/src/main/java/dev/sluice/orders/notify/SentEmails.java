package dev.sluice.orders.notify;

import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /** The embedded mailbox's order e-mails read so far, by order id; guarded by itself. */
    private final Map<Long, List<String>> subjectsByOrder = new HashMap<>();

    private int examined;

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
     * The mailbox's messages are read once each: a call parses only those that arrived since the
     * last one (a benchmark counts after every burst, and parsing every earlier burst's e-mails again
     * would cost more CPU than the burst it measures).
     */
    public Count count(Set<Long> ids) throws Exception {
        if (mailbox == null) {
            long sent = sentRows(ids);
            return new Count(sent, sent);
        }
        synchronized (subjectsByOrder) {
            List<MimeMessage> received = mailbox.received();
            if (received.size() < examined) { // the server was restarted or emptied
                subjectsByOrder.clear();
                examined = 0;
            }
            for (MimeMessage m : received.subList(examined, received.size())) {
                String subject =
                        m.getSubject(); // "Pedido <id>: <estado>"; other mail (a raw SMTP baseline) is not counted
                Matcher order = subject == null ? null : ORDER_SUBJECT.matcher(subject);
                if (order != null && order.matches()) {
                    subjectsByOrder
                            .computeIfAbsent(Long.parseLong(order.group(1)), id -> new ArrayList<>())
                            .add(subject);
                }
            }
            examined = received.size();
            long total = 0;
            long distinct = 0;
            for (long id : ids) {
                List<String> subjects = subjectsByOrder.get(id);
                if (subjects != null) {
                    total += subjects.size();
                    distinct += new HashSet<>(subjects).size();
                }
            }
            return new Count(total, distinct);
        }
    }
}
