package dev.sluice.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.cluster.ClusterLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The orders workload: orders POSTed to the orders API at a constant rate; completion is
 * {@code finalizado} in PostgreSQL. Its checker: every acknowledged order finalizado; in the SMTP
 * server's mailbox exactly one e-mail per order and state (a missing one is lost, a second one a
 * duplicate); the states the sampling client saw with GET never went backwards.
 */
final class OrdersWorkload extends HttpWorkload {
    private final Map<String, Integer> mails = new HashMap<>();
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
            return completed() >= acknowledged() && ((Number) check().get("emails_missing")).longValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Subject → e-mails, read from the SMTP server's mailbox; only what arrived since the last read is fetched. */
    private synchronized Map<String, Integer> mailbox() throws Exception {
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
            mails.merge(m.path("subject").asText(), 1, Integer::sum); // "Pedido <id>: <estado>"
            mailsRead++;
        }
        return new HashMap<>(mails);
    }

    @Override
    public Map<String, Object> check() throws Exception {
        List<String> accepted = driver.acknowledgedIds();
        Set<Long> done = finalizados();
        Map<String, Integer> mails = mailbox();
        long notFinal = 0;
        long missingMails = 0;
        long doubledMails = 0;
        long mailsOfRun = 0;
        for (String id : accepted) {
            if (!done.contains(Long.valueOf(id))) {
                notFinal++;
            }
            for (String state : STATES) {
                int n = mails.getOrDefault("Pedido " + id + ": " + state, 0);
                mailsOfRun += n;
                if (n == 0) {
                    missingMails++;
                } else {
                    doubledMails += n - 1;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("submitted", accepted.size());
        out.put("finalizado", done.size());
        out.put("not_finalizado", notFinal);
        out.put("emails", mailsOfRun);
        out.put("emails_missing", missingMails);
        out.put("emails_doubled", doubledMails);
        out.put("lost", notFinal + missingMails);
        out.put("duplicates", doubledMails);
        out.put("get_regressions", driver.regressions());
        out.put("get_sampled_items", driver.sampled());
        return out;
    }
}
