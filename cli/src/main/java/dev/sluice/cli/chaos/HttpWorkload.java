package dev.sluice.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.cluster.ClusterLayout;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.kafka.Json;

/** What both chaos workloads share: the cluster, the rate, a run id, the HTTP clients and a connection to PostgreSQL. */
abstract class HttpWorkload implements Workload {
    protected final ClusterLayout layout;
    protected final double rate;
    protected final String run = "chaos" + System.currentTimeMillis() / 1000;
    protected final HttpDriver driver = new HttpDriver();
    protected final Database db;

    HttpWorkload(ClusterLayout layout, double rate) {
        this.layout = layout;
        this.rate = rate;
        this.db = new Database(layout.jdbcUrl(), "postgres", "postgres", 2);
    }

    /** A request body. */
    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response body as JSON; an empty object when it is not JSON. */
    static JsonNode readTree(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (Exception e) {
            return Json.mapper().createObjectNode();
        }
    }

    @Override
    public void stopSending() {
        driver.stopSending();
    }

    @Override
    public long acknowledged() {
        return driver.acknowledgedCount();
    }

    @Override
    public RequestLog requests() {
        return driver.requests();
    }

    @Override
    public long regressions() {
        return driver.regressions();
    }

    @Override
    public void close() {
        driver.close();
        db.close();
    }
}
