package dev.sluice.cli.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The answers pipeline as its read models and meters tell it: arrivals from the gateway's {@code
 * asked} table, stored answers, regenerations (attempts after the first), retries by class and dead
 * letters by reason from storage's tables, end-to-end latency of the last minute's answers; LLM calls
 * and their outcomes from the workers' {@code sluice.worker.outcomes} counters, the adaptive limiter's
 * in-flight calls and limit, the gateway cache's hits and misses. Every number here is one that a
 * service already records; the panel only reads.
 */
final class AnswersPanel implements Panel {
    /** Outcomes that are an LLM call (poison and deferred tasks make none). */
    private static final Set<String> CALLS = Set.of("answer", "overload", "quota", "fatal", "empty");

    private static final String TOTALS = """
            SELECT (SELECT coalesce(sum(asked_count), 0) FROM answers.asked),
                   (SELECT count(*) FROM answers.questions),
                   (SELECT count(*) FROM answers.attempts WHERE attempt > 1)""";
    private static final String RETRIES = "SELECT error_class, count(*) FROM answers.retries GROUP BY error_class";
    private static final String DEAD = "SELECT error_class, count(*) FROM answers.dead_letters GROUP BY error_class";
    private static final String LATENCY = """
            SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (
                     ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000)
              FROM answers.questions
             WHERE validated_at > now() - interval '60 seconds' AND submitted_at IS NOT NULL""";
    private static final String FIRST_SCORES = """
            SELECT greatest(1, least(10, width_bucket(score, 0, 1, 10))), count(*)
              FROM answers.attempts WHERE attempt = 1 GROUP BY 1""";
    private static final String FINAL_SCORES = """
            SELECT greatest(1, least(10, width_bucket(score, 0, 1, 10))), count(*)
              FROM answers.questions GROUP BY 1""";
    private static final String PASS_RATE = "SELECT avg(CASE WHEN passed THEN 1.0 ELSE 0.0 END) FROM answers.questions";

    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final Map<String, Object> lastFull = new LinkedHashMap<>();

    AnswersPanel(DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.meters = meters;
    }

    @Override
    public String name() {
        return "answers";
    }

    @Override
    public Reading read(boolean full) throws SQLException {
        Reading r = new Reading();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(TOTALS)) {
                rs.next();
                r.counter("questionsIn", rs.getLong(1));
                r.counter("answersStored", rs.getLong(2));
                r.counter("regenerations", rs.getLong(3));
            }
            for (var e : groupCounts(s, RETRIES).entrySet()) {
                r.counter("retries." + e.getKey(), e.getValue());
            }
            Map<String, Long> dead = groupCounts(s, DEAD);
            r.now().put("deadLetters", dead);
            r.counter(
                    "deadLetters",
                    dead.values().stream().mapToLong(Long::longValue).sum());
            try (ResultSet rs = s.executeQuery(LATENCY)) {
                rs.next();
                Array a = rs.getArray(1);
                if (a != null) {
                    Object[] p = (Object[]) a.getArray();
                    r.gauge("latencyP50", number(p[0]));
                    r.gauge("latencyP95", number(p[1]));
                    r.gauge("latencyP99", number(p[2]));
                }
            }
            if (full) {
                lastFull.put("scoreBuckets", buckets(groupCounts(s, FIRST_SCORES), groupCounts(s, FINAL_SCORES)));
                try (ResultSet rs = s.executeQuery(PASS_RATE)) {
                    rs.next();
                    lastFull.put("passRate", rs.getObject(1) == null ? null : rs.getDouble(1));
                }
            }
        }
        r.now().putAll(lastFull);
        readMeters(r);
        return r;
    }

    private void readMeters(Reading r) {
        Map<String, Double> outcomes = new TreeMap<>();
        for (Counter counter : meters.find("sluice.worker.outcomes").counters()) {
            outcomes.merge(counter.getId().getTag("outcome"), counter.count(), Double::sum);
        }
        double calls = outcomes.entrySet().stream()
                .filter(e -> CALLS.contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        r.counter("llmCalls", calls);
        r.counter("llmErrors", calls - outcomes.getOrDefault("answer", 0.0));
        r.counter("llmQuota", outcomes.getOrDefault("quota", 0.0));
        r.gauge("llmInFlight", sumGauges("sluice.worker.in.flight"));
        r.gauge("llmLimit", sumGauges("sluice.worker.limit"));
        double hits = sumFunctionCounters("answers.gateway.cache.hits");
        double misses = sumFunctionCounters("answers.gateway.cache.misses");
        r.counter("cacheHits", hits);
        r.counter("cacheLookups", hits + misses);
    }

    private Double sumGauges(String name) {
        var gauges = meters.find(name).gauges();
        return gauges.isEmpty()
                ? null
                : gauges.stream().mapToDouble(Gauge::value).sum();
    }

    private double sumFunctionCounters(String name) {
        return meters.find(name).functionCounters().stream()
                .mapToDouble(FunctionCounter::count)
                .sum();
    }

    /** Bucket i holds scores in [i/10, (i+1)/10), the last one also 1.0. */
    private static Map<String, Object> buckets(Map<String, Long> first, Map<String, Long> last) {
        long[] f = new long[10];
        long[] l = new long[10];
        first.forEach((b, n) -> f[Integer.parseInt(b) - 1] = n);
        last.forEach((b, n) -> l[Integer.parseInt(b) - 1] = n);
        return Map.of("first", f, "final", l);
    }

    private static Map<String, Long> groupCounts(Statement s, String sql) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static Double number(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }
}
