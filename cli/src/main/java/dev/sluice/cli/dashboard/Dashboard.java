package dev.sluice.cli.dashboard;

import dev.sluice.orders.OrderTopics;
import dev.sluice.orders.process.StateDelays;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard's server side: once a second it reads every panel (what the running systems
 * already record: their database read models and the process's Micrometer registry) and the Kafka
 * backlog per group, turns running totals into per-second rates, and keeps the last five minutes of
 * samples, so a page opened late still draws a past. {@link #snapshot(long)} is what {@code GET
 * /dashboard/data} serves: the samples after a given time (the page asks only for what it lacks)
 * and each section's tables as they stand now.
 *
 * <p>A panel that fails to read (the database restarting, say) keeps its section with the error
 * and no new points; the next tick tries again. One thread, one short SQL round per panel per
 * tick; the score histograms every second tick.
 */
public final class Dashboard implements AutoCloseable {
    static final int HISTORY = 300;
    private static final long TICK_MS = 1_000;
    private static final int FULL_EVERY = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    /** One tick's values by series name ({@code answers.questionsIn}, {@code lag.orders.notifier}, ...). */
    record Sample(long t, Map<String, Double> values) {}

    private final List<Panel> panels;
    private final Map<String, Boolean> sections;
    private final ConsumerLag lag;
    private final Clock clock;
    private final Map<String, String> links;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final Map<String, Double> lastTotals = new TreeMap<>();
    private final Map<String, Object> now = new LinkedHashMap<>();
    private final Map<String, String> errors = new TreeMap<>();
    private ScheduledExecutorService executor;
    private long lastAt = -1;
    private long ticks;

    /**
     * @param panels the panels of the systems this process runs
     * @param sections every section's name, true when its system runs in this process
     * @param lag the Kafka backlog reader, or null for none
     * @param links what the page links to: {@code flink} (null when no job runs), {@code metrics}
     */
    Dashboard(
            List<Panel> panels,
            Map<String, Boolean> sections,
            ConsumerLag lag,
            Clock clock,
            Map<String, String> links) {
        this.panels = List.copyOf(panels);
        this.sections = Map.copyOf(sections);
        this.lag = lag;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.links = links;
    }

    /**
     * The dashboard of one process, sampling from now on.
     *
     * @param answers whether this process runs (part of) the answers system
     * @param ordersDelays the orders system's state delays, or null when this process does not run it
     * @param adminProps Kafka admin client properties, for the backlog per group
     * @param links what the page links to: {@code flink} (the web UI, or null), {@code metrics}, and the
     *     lookup routes {@code questions} and {@code orders} (null when this process does not serve them)
     */
    public static Dashboard start(
            DataSource dataSource,
            MeterRegistry meters,
            boolean answers,
            StateDelays ordersDelays,
            Map<String, Object> adminProps,
            Map<String, String> links) {
        List<Panel> panels = new ArrayList<>();
        if (answers) {
            panels.add(new AnswersPanel(dataSource, meters));
        }
        if (ordersDelays != null) {
            panels.add(new OrdersPanel(dataSource, ordersDelays));
        }
        Map<String, Boolean> sections = new LinkedHashMap<>();
        sections.put("answers", answers);
        sections.put("orders", ordersDelays != null);
        Map<String, String> shown = new LinkedHashMap<>(links);
        return new Dashboard(panels, sections, new ConsumerLag(adminProps), Clock.systemUTC(), shown).start();
    }

    /** Starts sampling once a second on one daemon thread. */
    Dashboard start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-sampler");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tickQuietly, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("dashboard sample failed: {}", e.toString());
        }
    }

    /** Reads every panel once and appends one sample. */
    void tick() {
        boolean full = ticks++ % FULL_EVERY == 0;
        long t = clock.millis();
        Map<String, Double> totals = new TreeMap<>();
        Map<String, Double> values = new TreeMap<>();
        Map<String, Map<String, Object>> nows = new LinkedHashMap<>();
        Map<String, String> failed = new TreeMap<>();
        for (Panel panel : panels) {
            try {
                Reading r = panel.read(full);
                r.counters().forEach((k, v) -> totals.put(panel.name() + "." + k, v));
                r.gauges().forEach((k, v) -> values.put(panel.name() + "." + k, v));
                Map<String, Object> section = new LinkedHashMap<>(r.now());
                section.put("totals", r.counters());
                nows.put(panel.name(), section);
            } catch (Exception e) {
                failed.put(panel.name(), e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        Map<String, Long> groups = null;
        if (lag != null) {
            try {
                groups = lag.read();
                groups.forEach((g, n) -> values.put("lag." + g, (double) n));
            } catch (Exception e) {
                failed.put("kafka", "the backlog could not be read: " + e.getMessage());
            }
        }
        Long notifierLag = groups == null ? null : groups.get(OrderTopics.NOTIFIER_GROUP);
        Double claimed = values.get("orders.emailsClaimed");
        if (claimed != null) {
            values.put("orders.emailBacklog", claimed + (notifierLag == null ? 0 : notifierLag));
        }
        synchronized (this) {
            if (lastAt >= 0 && t > lastAt) {
                double seconds = (t - lastAt) / 1000.0;
                totals.forEach((k, v) -> {
                    Double before = lastTotals.get(k);
                    if (before != null) {
                        values.put(k, Math.max(0, v - before) / seconds);
                    }
                });
                Double lookups = values.get("answers.cacheLookups");
                if (lookups != null && lookups > 0) {
                    values.put("answers.cacheHitRate", values.getOrDefault("answers.cacheHits", 0.0) / lookups);
                }
            }
            lastTotals.putAll(totals);
            lastAt = t;
            nows.forEach(now::put);
            now.put("lag", groups == null ? Map.of() : groups);
            if (!failed.isEmpty()) {
                failed.forEach((k, v) -> {
                    if (!v.equals(errors.get(k))) {
                        LOG.warn("dashboard: {}: {}", k, v);
                    }
                });
            }
            errors.clear();
            errors.putAll(failed);
            samples.addLast(new Sample(t, values));
            while (samples.size() > HISTORY) {
                samples.removeFirst();
            }
        }
    }

    /**
     * The samples taken after {@code since} (epoch millis; 0 for the whole history) as one time
     * column and one column per series, with each section's tables as they stand.
     */
    public synchronized Map<String, Object> snapshot(long since) {
        List<Sample> picked = new ArrayList<>();
        for (Sample s : samples) {
            if (s.t() > since) {
                picked.add(s);
            }
        }
        List<Long> times = picked.stream().map(Sample::t).toList();
        Map<String, List<Double>> series = new TreeMap<>();
        for (int i = 0; i < picked.size(); i++) {
            for (var e : picked.get(i).values().entrySet()) {
                int index = i;
                List<Double> column = series.computeIfAbsent(e.getKey(), k -> nulls(index));
                column.add(e.getValue());
            }
            for (List<Double> column : series.values()) {
                if (column.size() < i + 1) {
                    column.add(null);
                }
            }
        }
        Map<String, Object> sectionViews = new LinkedHashMap<>();
        sections.forEach((name, running) -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("running", running);
            view.put("error", errors.get(name));
            view.put("now", now.getOrDefault(name, Map.of()));
            sectionViews.put(name, view);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", lastAt);
        body.put("historySeconds", HISTORY * TICK_MS / 1000);
        body.put("links", links);
        body.put("sections", sectionViews);
        body.put("lag", now.getOrDefault("lag", Map.of()));
        body.put("lagError", errors.get("kafka"));
        body.put("t", times);
        body.put("series", series);
        return body;
    }

    private static List<Double> nulls(int n) {
        List<Double> column = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            column.add(null);
        }
        return column;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lag != null) {
            lag.close();
        }
    }
}
