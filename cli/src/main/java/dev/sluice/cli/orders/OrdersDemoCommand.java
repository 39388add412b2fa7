package dev.sluice.cli.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.DurationConverter;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.orders.OrdersSettings;
import dev.sluice.orders.OrdersSystem;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.HdrHistogram.Histogram;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice orders demo}: starts the stack (embedded Kafka, PostgreSQL and GreenMail unless
 * configured otherwise), the platform's delay scheduler and the three orders services, places N
 * orders over HTTP, waits for them to finish and checks the guarantees: every order finalized, one
 * e-mail per order per state. Wiring and measuring only; the logic lives in the orders module.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Place orders on the embedded stack and check every one ends finalizado with 4 e-mails.")
final class OrdersDemoCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(names = "--orders", defaultValue = "100", description = "orders to place (default: ${DEFAULT-VALUE})")
    int orders;

    @Option(
            names = "--state-delay",
            converter = DurationConverter.class,
            description = "time in each state (default: orders.state-delay, 2s)")
    Duration stateDelay;

    @Option(
            names = "--concurrency",
            defaultValue = "8",
            description = "parallel HTTP clients placing orders (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--json", description = "end with one JSON line for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (orders < 1) {
            throw new IllegalArgumentException("--orders must be 1 or more");
        }
        // One log line per request would drown the progress bar; the summary reports the requests.
        Configurator.setLevel(HttpApp.class.getName(), Level.WARN);
        var config = stack.load();
        OrdersSettings base = OrdersSettings.from(config, System.getenv());
        OrdersSettings settings = stateDelay == null ? base : base.withDelays(StateDelays.uniform(stateDelay));
        System.err.println(
                "sluice orders demo: starting the stack in " + config.workDir().toAbsolutePath() + " ...");
        try (Infrastructure infra = Infrastructure.start(config, stack.fresh());
                Metrics metrics = Metrics.create(config.metrics());
                EmbeddedSmtp smtp = settings.smtp().embedded() ? new EmbeddedSmtp(0).start() : null) {
            SmtpSettings smtpSettings = smtp == null
                    ? settings.smtp()
                    : new SmtpSettings(
                            smtp.host(),
                            smtp.port(),
                            false,
                            "",
                            null,
                            settings.smtp().from());
            Clock clock = Clock.systemUTC();
            try (DelayScheduler scheduler = new DelayScheduler(
                                    infra.kafkaClientProps(),
                                    infra.delayTiers(),
                                    DelayScheduler.Settings.of("sluice.delay.scheduler", "orders-demo"),
                                    clock,
                                    metrics.registry())
                            .start();
                    SmtpMailer mailer = new SmtpMailer(smtpSettings);
                    OrdersSystem system = OrdersSystem.start(
                            infra.clients(),
                            infra.database().dataSource(),
                            settings,
                            mailer,
                            infra.delayTiers(),
                            clock,
                            "demo")) {
                Javalin app = HttpApp.create(
                                new HttpSettings(0, config.http().maxBodyBytes()),
                                metrics.registry(),
                                List.of(),
                                system::routes)
                        .start();
                try {
                    System.err.printf(
                            "  kafka %s | postgres %s | smtp %s:%d | orders API http://localhost:%d/orders%n",
                            infra.bootstrapServers(),
                            infra.jdbcUrl(),
                            smtpSettings.host(),
                            smtpSettings.port(),
                            app.port());
                    return run(app.port(), infra, settings.delays(), smtp);
                } finally {
                    app.stop();
                }
            }
        }
    }

    private int run(int port, Infrastructure infra, StateDelays delays, EmbeddedSmtp smtp) throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Map<Long, Long> postedAt = new ConcurrentHashMap<>();
        Histogram postLatency = new Histogram(3);
        long started = System.currentTimeMillis();
        try (StatusWatcher watcher = new StatusWatcher(infra.clients(), ids::contains).start();
                ProgressBar bar = new ProgressBarBuilder()
                        .setTaskName("finalizado")
                        .setInitialMax(orders)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250)
                        .continuousUpdate()
                        .setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .build()) {
            placeOrders(port, ids, postedAt, postLatency);
            long inStates = delays.recibido()
                    .plus(delays.preparando())
                    .plus(delays.entregando())
                    .toMillis();
            long deadline = System.currentTimeMillis() + inStates + 60_000 + orders * 20L;
            while (watcher.finalized.get() < ids.size() && System.currentTimeMillis() < deadline) {
                bar.stepTo(watcher.finalized.get());
                LockSupport.parkNanos(100_000_000L);
            }
            bar.stepTo(watcher.finalized.get());
            // let the notifier catch up on the last state changes before counting e-mails
            long mailDeadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < mailDeadline
                    && emails(smtp, infra, ids).total() < 4L * ids.size()) {
                LockSupport.parkNanos(250_000_000L); // each count copies the whole mailbox: not too often
            }
            Emails mails = emails(smtp, infra, ids);
            Histogram completion = new Histogram(3);
            Histogram lag = new Histogram(3);
            List<Duration> inState = List.of(delays.recibido(), delays.preparando(), delays.entregando());
            watcher.times.forEach((id, t) -> {
                if (t[3] >= 0 && postedAt.containsKey(id)) {
                    completion.recordValue(Math.max(0, t[3] - postedAt.get(id)));
                }
                for (int s = 1; s < 4; s++) {
                    if (t[s] >= 0 && t[s - 1] >= 0) {
                        lag.recordValue(
                                Math.max(0, t[s] - t[s - 1] - inState.get(s - 1).toMillis()));
                    }
                }
            });
            long lost = orders - watcher.finalized.get();
            long duplicates = mails.total() - mails.distinct() + watcher.duplicates.get();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("orders", orders);
            summary.put("accepted", ids.size());
            summary.put("finalized", watcher.finalized.get());
            summary.put("emails_sent", mails.total());
            summary.put("emails_expected", 4L * orders);
            summary.put("lost", lost);
            summary.put("duplicate_emails", mails.total() - mails.distinct());
            summary.put("duplicate_state_changes", watcher.duplicates.get());
            summary.put("state_delay_ms", delays.recibido().toMillis());
            summary.put("post_latency_ms_p50", postLatency.getValueAtPercentile(50) / 1000.0);
            summary.put("post_latency_ms_p95", postLatency.getValueAtPercentile(95) / 1000.0);
            summary.put("completion_ms_p50", completion.getValueAtPercentile(50));
            summary.put("completion_ms_p95", completion.getValueAtPercentile(95));
            summary.put("transition_lag_ms_p50", lag.getValueAtPercentile(50));
            summary.put("transition_lag_ms_p99", lag.getValueAtPercentile(99));
            summary.put("elapsed_s", (System.currentTimeMillis() - started) / 1000.0);
            bar.close();
            print(summary);
            boolean ok = lost == 0 && duplicates == 0 && mails.total() == 4L * orders;
            return ok ? 0 : 1;
        }
    }

    /** Places the orders from a few threads; latency in microseconds. */
    private void placeOrders(int port, Set<Long> ids, Map<Long, Long> postedAt, Histogram latency) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://localhost:" + port + "/orders");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < orders; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    String body = "{\"nombre\":\"Producto " + n + "\",\"precio\":" + (1000 + n)
                            + ",\"correo\":\"cliente" + n + "@correo.com\"}";
                    long t0 = System.nanoTime();
                    long wall = System.currentTimeMillis();
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    synchronized (latency) {
                        latency.recordValue((System.nanoTime() - t0) / 1000);
                    }
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException(
                                "POST /orders answered " + response.statusCode() + ": " + response.body());
                    }
                    JsonNode order = Json.mapper().readTree(response.body());
                    postedAt.put(order.get("id").asLong(), wall);
                    ids.add(order.get("id").asLong());
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Emails(long total, long distinct) {}

    /** E-mails of this run: counted in the mailbox when SMTP is embedded, else from the notifier's sent rows. */
    private static Emails emails(EmbeddedSmtp smtp, Infrastructure infra, Set<Long> ids) throws Exception {
        if (smtp == null) {
            long sent = countSentRows(infra, ids);
            return new Emails(sent, sent);
        }
        long total = 0;
        Set<String> distinct = new HashSet<>();
        for (MimeMessage m : smtp.received()) {
            String subject = m.getSubject(); // "Pedido <id>: <estado>"
            String[] parts = subject == null ? new String[0] : subject.split("[ :]+");
            if (parts.length >= 3 && ids.contains(Long.parseLong(parts[1]))) {
                total++;
                distinct.add(subject);
            }
        }
        return new Emails(total, distinct.size());
    }

    private static long countSentRows(Infrastructure infra, Set<Long> ids) throws Exception {
        try (var c = infra.database().dataSource().getConnection();
                var s = c.prepareStatement(
                        "SELECT count(*) FROM orders.notifications WHERE status = 'sent' AND order_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void print(Map<String, Object> summary) throws Exception {
        if (json) {
            System.out.println(Json.mapper().writeValueAsString(summary));
            return;
        }
        int width = summary.keySet().stream().mapToInt(String::length).max().orElse(0);
        System.out.println();
        summary.forEach((k, v) -> System.out.printf("  %-" + width + "s  %s%n", k, v));
    }
}
