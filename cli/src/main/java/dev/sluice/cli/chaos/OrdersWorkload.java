package dev.sluice.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.cluster.ClusterLayout;
import dev.sluice.orders.notify.Notifier;
import dev.sluice.platform.service.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The orders workload: orders POSTed to the orders API at a constant rate; completion is
 * {@code finalizado} in PostgreSQL. Its checker: every acknowledged order finalizado; in the SMTP
 * server's mailbox one e-mail per order and state (a missing one is lost; a second copy is a
 * duplicate unless it is the resend {@link #check} allows); the states the sampling client saw with
 * GET never went backwards.
 */
final class OrdersWorkload extends HttpWorkload {
    /** Subject ("Pedido <id>: <estado>") → the Message-ID of each copy in the mailbox, in arrival order. */
    private final Map<String, List<String>> mails = new HashMap<>();

    private int mailsRead;
    static final List<String> STATES = List.of("recibido", "preparando", "entregando", "finalizado");

    OrdersWorkload(ClusterLayout layout, double rate) {
        super(layout, rate);
    }

    @Override
    public String name() {
        return "orders";
    }

    @Override
    public void start() {
        URI post = URI.create(layout.ordersUrl() + "/orders");
        driver.startPosting(
                rate,
                i -> HttpRequest.newBuilder(post)
                        .timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/json")
                        // one key per item: a retry after a lost 201 gets the first order back
                        .header("Idempotency-Key", "\"" + run + "-item-" + i + "\"")
                        .POST(HttpRequest.BodyPublishers.ofString(json(Map.of(
                                "nombre", run + " item " + i,
                                "precio", 1000 + i,
                                "correo", "c" + i + "@" + run + ".example"))))
                        .build(),
                body -> readTree(body).path("id").asText(),
                200,
                201,
                202);
        driver.startSampling(
                Duration.ofMillis(250),
                id -> URI.create(layout.ordersUrl() + "/orders/" + id),
                body -> STATES.indexOf(readTree(body).path("estado").asText()));
    }

    @Override
    public long completed() {
        try {
            return finalizados().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private Set<Long> finalizados() throws Exception {
        Long[] ids = driver.acknowledgedIds().stream().map(Long::valueOf).toArray(Long[]::new);
        Set<Long> done = new java.util.HashSet<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT order_id FROM orders.latest WHERE step = 3 AND order_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getLong(1));
                }
            }
        }
        return done;
    }

    @Override
    public boolean settled() {
        try {
            return completed() >= acknowledged()
                    && ((Number) check(List.of(), 0).get("emails_missing")).longValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Subject → Message-IDs, read from the SMTP server's mailbox; only what arrived since the last read is fetched. */
    private synchronized Map<String, List<String>> mailbox() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(layout.smtpHttp() + "/messages?from=" + mailsRead))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the mailbox answered " + r.statusCode());
        }
        for (JsonNode m : readTree(r.body())) {
            mails.computeIfAbsent(m.path("subject").asText(), k -> new ArrayList<>())
                    .add(m.path("message_id").asText());
            mailsRead++;
        }
        Map<String, List<String>> copy = new HashMap<>();
        mails.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /**
     * The orders checker. An e-mail beyond the first for an (order, state) is a <em>resend</em> when
     * it carries the first copy's Message-ID and the notifier marked it sent inside the window of a
     * fault that can cause one: a SIGKILL of the notifier, or the SMTP server cutting connections,
     * between the server's {@code 250} and the notifier's 'sent' mark. No SMTP client can close that
     * window (RFC 5321 §6.1); a receiver that deduplicates on Message-ID shows one message. At most
     * one resend per such fault (one notifier, one message at a time). Every other extra copy is a
     * {@code duplicate}: a new Message-ID, no such fault, or a second resend for the same fault.
     */
    @Override
    public Map<String, Object> check(List<ChaosRun.Injection> injections, long beganEpochMs) throws Exception {
        List<String> accepted = driver.acknowledgedIds();
        Set<Long> done = finalizados();
        Map<String, List<String>> mails = mailbox();
        long notFinal = 0;
        long missingMails = 0;
        long mailsOfRun = 0;
        Map<String, List<String>> doubled = new LinkedHashMap<>();
        for (String id : accepted) {
            if (!done.contains(Long.valueOf(id))) {
                notFinal++;
            }
            for (String state : STATES) {
                List<String> copies = mails.getOrDefault("Pedido " + id + ": " + state, List.of());
                mailsOfRun += copies.size();
                if (copies.isEmpty()) {
                    missingMails++;
                } else if (copies.size() > 1) {
                    doubled.put(id + " " + state, copies);
                }
            }
        }
        List<Map<String, Object>> extra = attribute(doubled, injections, beganEpochMs);
        long resent =
                extra.stream().filter(e -> "resend".equals(e.get("verdict"))).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("submitted", accepted.size());
        out.put("finalizado", done.size());
        out.put("not_finalizado", notFinal);
        out.put("emails", mailsOfRun);
        out.put("emails_missing", missingMails);
        out.put("emails_resent", resent);
        out.put("lost", notFinal + missingMails);
        out.put("duplicates", (long) extra.size() - resent);
        out.put("orders_doubled_by_retry", doubledByRetry());
        out.put("get_regressions", driver.regressions());
        out.put("get_sampled_items", driver.sampled());
        if (!extra.isEmpty()) {
            out.put(EXTRA_COPIES, extra);
        }
        return out;
    }

    /** The key of {@link #check}'s list of extra e-mail copies, one map per copy, with its verdict. */
    static final String EXTRA_COPIES = "extra_emails";

    /** The faults that can leave an e-mail accepted by the server but not marked sent. */
    static final Set<String> RESEND_FAULTS = Set.of("notifier-kill", "smtp-refuse");

    /**
     * One row per extra copy: when the notifier marked the (order, state) sent (the last copy's
     * time), the latest resend-window fault before it, and the verdict. A fault's window runs from
     * its injection to its repair plus the claim lease and the longest session backoff, the time the
     * next session takes to send a claim the killed one left.
     */
    private List<Map<String, Object>> attribute(
            Map<String, List<String>> doubled, List<ChaosRun.Injection> injections, long beganEpochMs)
            throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (doubled.isEmpty()) {
            return rows;
        }
        Map<String, Long> sentAt = sentAt(doubled.keySet());
        long windowTail =
                Notifier.DEFAULT_CLAIM_LEASE.toMillis() + Backoff.DEFAULT.max().toMillis() + 5_000;
        Set<ChaosRun.Injection> used = new java.util.HashSet<>();
        for (Map.Entry<String, List<String>> d : doubled.entrySet()) {
            List<String> copies = d.getValue();
            Long at = sentAt.get(d.getKey());
            long atMs = at == null ? -1 : at - beganEpochMs;
            ChaosRun.Injection cause = null;
            for (ChaosRun.Injection i : injections) {
                if (RESEND_FAULTS.contains(i.type()) && i.atMs() <= atMs && atMs <= i.repairedMs() + windowTail) {
                    cause = i; // the latest one wins
                }
            }
            for (int k = 1; k < copies.size(); k++) {
                boolean sameId = copies.get(k).equals(copies.get(0));
                String verdict;
                if (!sameId) {
                    verdict = "duplicate: a second Message-ID";
                } else if (cause == null) {
                    verdict = "duplicate: no notifier kill or SMTP cut before it";
                } else if (!used.add(cause)) {
                    verdict = "duplicate: a second resend for one fault";
                } else {
                    verdict = "resend";
                }
                Map<String, Object> row = new LinkedHashMap<>();
                String[] idState = d.getKey().split(" ");
                row.put("order", Long.valueOf(idState[0]));
                row.put("estado", idState[1]);
                row.put("message_id", copies.get(k));
                row.put("marked_sent_at_s", atMs < 0 ? null : atMs / 1000.0);
                row.put(
                        "fault",
                        cause == null
                                ? null
                                : cause.type() + " #" + cause.round() + " at " + cause.atMs() / 1000 + " s");
                row.put("verdict", verdict);
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Orders the API created beyond the first for one request of the workload: the 201 did not reach
     * the client (a timeout, a killed API after the publish) and the retry of the same body made a
     * second order. The workload sends an {@code Idempotency-Key} per item, so this should be 0; not a
     * {@code duplicate} of the checker (every acknowledged order has its e-mails once) but reported.
     */
    private long doubledByRetry() throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) n FROM orders.latest WHERE nombre LIKE ?"
                                + " GROUP BY nombre) per_request")) {
            s.setString(1, run + " item %");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** "id estado" → when the notifier marked it sent (epoch ms), from orders.notifications. */
    private Map<String, Long> sentAt(Set<String> keys) throws Exception {
        Long[] ids =
                keys.stream().map(k -> Long.valueOf(k.split(" ")[0])).distinct().toArray(Long[]::new);
        Map<String, Long> at = new HashMap<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT order_id, estado, sent_at FROM orders.notifications WHERE status = 'sent' AND order_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    at.put(
                            rs.getLong(1) + " " + rs.getString(2),
                            rs.getTimestamp(3).getTime());
                }
            }
        }
        return at;
    }
}
