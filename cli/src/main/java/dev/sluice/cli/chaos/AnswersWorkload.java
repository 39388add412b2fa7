package dev.sluice.cli.chaos;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.report.RunAudit;
import dev.sluice.answers.report.RunCounts;
import dev.sluice.cli.cluster.ClusterLayout;
import dev.sluice.platform.kafka.KafkaClients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers workload: questions from the built-in sample, ids {@code <run>-<n>}, POSTed to the
 * gateway at a constant rate; completion is a validated or dead-lettered row in PostgreSQL. Its
 * checker: submitted set = validated ∪ dead-lettered (lost otherwise); one result per question on
 * {@code answers.validated} read_committed (duplicates otherwise); no question both validated and
 * dead-lettered; attempts within the cap; no retry delivered before its due time.
 */
final class AnswersWorkload extends HttpWorkload {
    private final int maxAttempts;
    private final List<QaPair> pairs = SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED);

    AnswersWorkload(ClusterLayout layout, double rate, int maxAttempts) {
        super(layout, rate);
        this.maxAttempts = maxAttempts;
    }

    @Override
    public String name() {
        return "answers";
    }

    String run() {
        return run;
    }

    @Override
    public void start() {
        URI post = URI.create(layout.gatewayUrl() + "/api/questions");
        driver.startPosting(
                rate,
                i -> {
                    QaPair p = pairs.get(i % pairs.size());
                    Map<String, String> body = new LinkedHashMap<>();
                    body.put("id", run + "-" + i);
                    body.put("title", p.title());
                    body.put("content", p.content());
                    body.put("bestAnswer", p.bestAnswer());
                    return HttpRequest.newBuilder(post)
                            .timeout(Duration.ofSeconds(10))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                            .build();
                },
                body -> readTree(body).path("id").asText(),
                200,
                202);
        driver.startSampling(
                Duration.ofMillis(250),
                id -> URI.create(layout.gatewayUrl() + "/api/questions/" + id),
                body -> "queued".equals(readTree(body).path("status").asText()) ? 0 : 1);
    }

    @Override
    public long completed() {
        try {
            return RunCounts.done(db.dataSource(), run);
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public Map<String, Object> check(List<ChaosRun.Injection> injections, long beganEpochMs) throws Exception {
        List<String> submitted = driver.acknowledgedIds();
        Set<String> validated = ids("SELECT question_id FROM answers.questions WHERE question_id LIKE ?");
        Set<String> dead = ids("SELECT DISTINCT question_id FROM answers.dead_letters WHERE question_id LIKE ?");
        long lost = submitted.stream()
                .filter(id -> !validated.contains(id) && !dead.contains(id))
                .count();
        Set<String> both = new HashSet<>(validated);
        both.retainAll(dead);
        RunAudit audit = RunAudit.read(new KafkaClients(Map.of("bootstrap.servers", layout.bootstrapServers())), run);
        RunCounts counts = RunCounts.read(db.dataSource(), run);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("submitted", submitted.size());
        out.put("validated", validated.size());
        out.put("dead_lettered", dead.size() - both.size());
        out.put("lost", lost);
        out.put("duplicates", audit.duplicates());
        out.put("validated_and_dead", both.size());
        out.put("scored_twice", audit.scoredTwice());
        out.put("max_attempts_seen", counts.maxAttempt());
        out.put("attempts_over_cap", counts.maxAttempt() > maxAttempts ? 1 : 0);
        out.put("retries_overload", audit.retriesOverload());
        out.put("retries_quota", audit.retriesQuota());
        out.put("retries_early", audit.retriesEarly());
        out.put("get_regressions", driver.regressions());
        out.put("get_sampled_items", driver.sampled());
        return out;
    }

    private Set<String> ids(String sql) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, run + "-%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
