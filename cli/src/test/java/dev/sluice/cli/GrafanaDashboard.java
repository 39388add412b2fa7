package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provisioned Grafana dashboard (deploy/grafana/dashboards/sluice.json) as the tests read it. */
final class GrafanaDashboard {
    static final Path FILE = Path.of("..", "deploy", "grafana", "dashboards", "sluice.json");

    /**
     * A metric name in a PromQL expression: every meter Sluice registers starts with one of these
     * (its own {@code sluice.}, {@code answers.}, {@code orders.}, and Micrometer's {@code http.},
     * {@code jvm.}, {@code process.}); label names and PromQL functions never do.
     */
    private static final Pattern METRIC =
            Pattern.compile("\\b(?:sluice|answers|orders|http|jvm|process)_[a-z0-9_]+\\b");

    private GrafanaDashboard() {}

    static JsonNode read() throws IOException {
        return new ObjectMapper().readTree(FILE.toFile());
    }

    /** Every PromQL expression of every panel. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard
                .findValues("targets")
                .forEach(
                        targets -> targets.forEach(t -> exprs.add(t.path("expr").asText())));
        return exprs;
    }

    /** The metric names those expressions query, e.g. {@code answers_stored_total}. */
    static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions(dashboard)) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The metric names in a Prometheus text exposition (the body of GET /metrics). */
    static Set<String> exposed(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            if (end < 0) {
                end = line.indexOf(' ');
            }
            names.add(end < 0 ? line : line.substring(0, end));
        }
        return names;
    }
}
