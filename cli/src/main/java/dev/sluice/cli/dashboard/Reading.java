package dev.sluice.cli.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one panel read in one tick: {@code counters} are running totals (the dashboard turns them into
 * per-second rates between ticks), {@code gauges} are plotted as they are, {@code now} holds the
 * tables and distributions shown only as they stand (lag per group, dead letters by reason, score
 * histograms). Keys are the series names the page knows.
 */
record Reading(Map<String, Double> counters, Map<String, Double> gauges, Map<String, Object> now) {
    Reading() {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    void counter(String key, double total) {
        counters.put(key, total);
    }

    void gauge(String key, Double value) {
        if (value != null && !value.isNaN()) {
            gauges.put(key, value);
        }
    }
}
