package dev.sluice.cli;

import dev.sluice.answers.AnswersSettings;
import dev.sluice.answers.AnswersSystem;
import dev.sluice.cli.dashboard.Dashboard;
import dev.sluice.cli.dashboard.DashboardRoutes;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.orders.OrdersSettings;
import dev.sluice.orders.OrdersSystem;
import dev.sluice.orders.loadgen.LoadRun;
import dev.sluice.orders.notify.SentEmails;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.metrics.Metrics;
import dev.sluice.platform.report.ProcessCpu;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One Sluice process, assembled one way for every command: the infrastructure (embedded or
 * external, {@link Infrastructure}), metrics, the platform's delay scheduler, the chosen systems
 * ({@link OrdersSystem}, {@link AnswersSystem} with the parts this process runs) and one HTTP app
 * whose {@code /ready} names every dependency and service. Started in that order, closed in reverse;
 * a part that fails to start closes what had started. Wiring only: {@code up}, {@code orders serve},
 * every {@code answers <service>}, {@code demo}, {@code orders demo}, {@code load} and every
 * {@code bench} build their process with it.
 */
public final class Stack implements AutoCloseable {
    private static final Duration STATUS_EVERY = Duration.ofSeconds(3);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final StackHealth health = new StackHealth();
    private final SluiceConfig config;
    private Infrastructure infra;
    private Metrics metrics;
    private DelayScheduler scheduler;
    private OrdersSystem orders;
    private AnswersSystem answers;
    private Javalin http;
    private Dashboard dashboard;
    private boolean ordersRoutes;

    private Stack(SluiceConfig config) {
        this.config = config;
    }

    public static Builder builder(SluiceConfig config) {
        return new Builder(config);
    }

    /** What one process runs; every part is off unless asked for. */
    public static final class Builder {
        private final SluiceConfig config;
        private boolean fresh;
        private String instance = hostName();
        private String ordersInstance;
        private boolean delayScheduler;
        private UnaryOperator<OrdersSettings> orders;
        private boolean ordersRoutes = true;
        private AnswersSystem.Run answers;
        private UnaryOperator<AnswersSettings> answersSettings = UnaryOperator.identity();
        private Integer httpPort;
        private boolean quietRequests;
        private boolean dashboard;
        private Clock clock = Clock.systemUTC();

        private Builder(SluiceConfig config) {
            this.config = config;
        }

        /** Wipe the work dir first (all embedded data is lost). */
        public Builder fresh(boolean value) {
            fresh = value;
            return this;
        }

        /** The stable name of this process (default: the host name); transactional ids derive from it. */
        public Builder instance(String value) {
            instance = value;
            return this;
        }

        /** The orders services' own instance name, when it differs from {@link #instance(String)}. */
        public Builder ordersInstance(String value) {
            ordersInstance = value;
            return this;
        }

        /** The platform's delay scheduler for the shared delay tiers (the orders timers). */
        public Builder delayScheduler() {
            delayScheduler = true;
            return this;
        }

        /** The orders services, with {@code orders.*} from the configuration changed by {@code adjust}. */
        public Builder orders(UnaryOperator<OrdersSettings> adjust) {
            orders = adjust;
            return delayScheduler();
        }

        public Builder orders() {
            return orders(UnaryOperator.identity());
        }

        /**
         * Some of the orders services in this process: {@code api} (POST and GET routes), processor,
         * notifier, and the platform's delay scheduler that times the states; the rest run elsewhere.
         */
        public Builder orders(boolean api, boolean processor, boolean notifier, boolean scheduler) {
            orders = s -> s.withInstances(processor ? s.processors() : 0, notifier ? s.notifiers() : 0);
            ordersRoutes = api;
            delayScheduler = scheduler;
            return this;
        }

        /** The answers parts of {@code run}. */
        public Builder answers(AnswersSystem.Run run) {
            answers = run;
            return this;
        }

        /** Changes the answers settings read from the configuration (benchmarks compare scorers). */
        public Builder answersSettings(UnaryOperator<AnswersSettings> adjust) {
            answersSettings = adjust;
            return this;
        }

        /** The HTTP app (routes, /health, /ready, /metrics) on {@code http.port}. */
        public Builder http() {
            return http(config.http().port());
        }

        /** The HTTP app on {@code port} (0: any free port). */
        public Builder http(int port) {
            httpPort = port;
            return this;
        }

        /**
         * The live dashboard at {@code /} of the HTTP app ({@code up} and the long-running services;
         * benchmarks and load runs leave it off, so its once-a-second reads never weigh on a measurement).
         */
        public Builder dashboard() {
            dashboard = true;
            return this;
        }

        /** No log line per HTTP request (load tests and benchmarks, whose report covers the requests). */
        public Builder quietRequests() {
            quietRequests = true;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** Starts everything asked for or, if one part fails, closes what had started and rethrows. */
        public Stack start() {
            Stack stack = new Stack(config);
            try {
                stack.startAll(this);
                return stack;
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
    }

    private void startAll(Builder b) {
        ordersRoutes = b.ordersRoutes;
        infra = push(Infrastructure.start(config, b.fresh));
        metrics = push(Metrics.create(config.metrics()));
        PrometheusMeterRegistry meters = metrics.registry();
        health.dependencies(config, infra);
        if (b.delayScheduler) {
            scheduler = push(new DelayScheduler(
                            infra.kafkaClientProps(),
                            infra.delayTiers(),
                            DelayScheduler.Settings.of("sluice.delay.scheduler", b.instance),
                            b.clock,
                            meters)
                    .start());
        }
        if (b.orders != null) {
            OrdersSettings settings = b.orders.apply(OrdersSettings.from(config, System.getenv()));
            orders = push(OrdersSystem.start(
                    infra.clients(),
                    infra.database().dataSource(),
                    settings,
                    infra.delayTiers(),
                    b.clock,
                    b.ordersInstance == null ? b.instance : b.ordersInstance));
        }
        if (b.answers != null) {
            AnswersSettings settings = b.answersSettings.apply(AnswersSettings.from(config, infra.bootstrapServers()));
            answers = push(AnswersSystem.start(
                    infra.clients(),
                    infra.database().dataSource(),
                    infra.flink(),
                    settings,
                    b.answers,
                    b.clock,
                    meters));
        }
        health.services(scheduler, orders, answers, meters);
        if (b.httpPort != null) {
            if (b.quietRequests) {
                quietRequestLogs();
            }
            if (b.dashboard) {
                dashboard = push(startDashboard());
            }
            http = HttpApp.create(config.http().withPort(b.httpPort), meters, health.checks(), this::routes)
                    .start();
            started.push(http::stop);
        }
    }

    /**
     * Drops the per-request log lines ({@link HttpApp} at INFO) for a benchmark or report run: at
     * hundreds of requests a second the console appender's lock and formatting would be part of
     * what is measured. Errors (WARN and up) still show; the request timers still count.
     */
    static void quietRequestLogs() {
        org.apache.logging.log4j.core.config.Configurator.setLevel(
                HttpApp.class.getName(), org.apache.logging.log4j.Level.WARN);
    }

    /** The live dashboard at {@code /}: sections for the systems this process runs, the others marked absent. */
    private Dashboard startDashboard() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("metrics", "/metrics");
        links.put("flink", answers != null && answers.job() != null ? infra.flinkWebUi() : null);
        links.put("questions", answers != null && answers.hasGateway() ? "/api/questions/" : null);
        links.put("orders", orders != null && ordersRoutes ? "/orders/" : null);
        return Dashboard.start(
                infra.database().dataSource(),
                metrics.registry(),
                answers != null,
                orders == null ? null : orders.settings().delays(),
                infra.clients().adminProps(),
                links);
    }

    private void routes(RoutesConfig routes) {
        if (dashboard != null) {
            new DashboardRoutes(dashboard).register(routes);
        }
        if (orders != null && ordersRoutes) {
            orders.routes(routes);
        }
        if (answers != null && answers.hasGateway()) {
            answers.routes(routes);
        }
    }

    private <T extends AutoCloseable> T push(T part) {
        started.push(part);
        return part;
    }

    /**
     * Runs this stack in the foreground: prints {@code title} and {@code lines}, then waits until the
     * JVM is asked to stop (Ctrl-C, SIGTERM), closes everything and returns 0.
     */
    public int foreground(String title, String... lines) throws InterruptedException {
        return foreground(title, null, lines);
    }

    /**
     * As {@link #foreground(String, String...)}; on a terminal ({@link StatusLine#live()}) also
     * rewrites one line with {@code status} every few seconds after the lines, until stopped.
     */
    public int foreground(String title, Supplier<String> status, String... lines) throws InterruptedException {
        health.exitOnFailure();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<StatusLine> statusLine = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            StatusLine live = statusLine.get();
                            if (live != null) {
                                live.close();
                            }
                            System.err.println("\n" + title + ": stopping ...");
                            close();
                            System.err.println(title + ": stopped");
                            stopped.countDown();
                        },
                        "sluice-shutdown"));
        System.out.println(title + " is running.");
        for (String line : lines) {
            System.out.println("  " + line);
        }
        System.out.println("Press Ctrl-C to stop.");
        statusLine.set(StatusLine.startIf(status != null && StatusLine.live(), status, System.out, STATUS_EVERY));
        stopped.await();
        return 0;
    }

    /** The live status line's text for this stack: what the answers and orders read models count now. */
    public String status() {
        boolean hasAnswers = answers != null;
        boolean hasOrders = orders != null;
        return StatusLine.format(
                StatusLine.read(infra.database().dataSource(), meters(), hasAnswers, hasOrders), hasAnswers, hasOrders);
    }

    /**
     * Starts (more) answers parts on this stack's infrastructure, closed by the caller: the pipeline
     * benchmark runs the pipeline twice on one infrastructure, with different simulators.
     */
    public AnswersSystem startAnswers(AnswersSystem.Run run, UnaryOperator<AnswersSettings> adjust) {
        AnswersSettings settings = adjust.apply(AnswersSettings.from(config, infra.bootstrapServers()));
        return AnswersSystem.start(
                infra.clients(),
                infra.database().dataSource(),
                infra.flink(),
                settings,
                run,
                Clock.systemUTC(),
                metrics.registry());
    }

    /** What an orders load run needs of this stack: the API, Kafka, the delays and the e-mail read model. */
    public LoadRun.Target ordersTarget() {
        return new LoadRun.Target(
                URI.create(url() + "/orders"),
                infra.clients(),
                orders.settings().delays(),
                orders.settings().topics().partitions(),
                new SentEmails(infra.database().dataSource(), orders.embeddedSmtp()),
                apiKey());
    }

    /** CPU time of this JVM and, when PostgreSQL is embedded, of its server processes: benchmarks' cost per unit. */
    public ProcessCpu cpu() {
        return infra.postgresPid().isPresent()
                ? ProcessCpu.jvmAnd(List.of(infra.postgresPid().getAsLong()))
                : ProcessCpu.jvm();
    }

    /** The key this process's own clients (load runs, benchmarks) send when the API requires one. */
    public Optional<Secret> apiKey() {
        return config.http().apiKeys().stream().findFirst();
    }

    /** One line saying where everything is, e.g. {@code kafka localhost:9092 | postgres ... | orders API ...}. */
    public String describe() {
        StringBuilder line = new StringBuilder("kafka " + infra.bootstrapServers() + " | postgres " + infra.jdbcUrl());
        if (answers != null && answers.job() != null) {
            line.append(" | flink ").append(infra.flinkWebUi());
        }
        if (answers != null && answers.llmDescription() != null) {
            line.append(" | LLM ").append(answers.llmDescription());
        }
        if (orders != null) {
            line.append(" | smtp ").append(orders.smtpDescription());
        }
        if (http != null && orders != null) {
            line.append(" | orders API ")
                    .append(url())
                    .append("/orders | partitions ")
                    .append(orders.settings().topics().partitions());
        }
        return line.toString();
    }

    /** The stable default instance name: this machine's host name. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "local";
        }
    }

    public SluiceConfig config() {
        return config;
    }

    public Infrastructure infra() {
        return infra;
    }

    public PrometheusMeterRegistry meters() {
        return metrics.registry();
    }

    /** The orders system, or null when this process does not run it. */
    public OrdersSystem orders() {
        return orders;
    }

    /** The answers system, or null when this process does not run it. */
    public AnswersSystem answers() {
        return answers;
    }

    public DelayScheduler scheduler() {
        return scheduler;
    }

    /** The HTTP app's port; the stack must have been built with {@code http}. */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("this stack has no HTTP app");
        }
        return http.port();
    }

    /** The HTTP app's URL for clients in this process: localhost when it binds loopback or every interface. */
    public String url() {
        String host = config.http().host();
        boolean local = Set.of("127.0.0.1", "localhost", "0.0.0.0", "::", "::1", "[::]", "[::1]")
                .contains(host);
        String name = local ? "localhost" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + name + ":" + port();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("  closing " + part + " failed: " + e);
            }
        }
    }
}
