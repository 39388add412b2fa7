package dev.sluice.orders;

import dev.sluice.orders.api.IdempotencyKeys;
import dev.sluice.orders.api.KafkaOrderPublisher;
import dev.sluice.orders.api.RequestRoutes;
import dev.sluice.orders.api.SequenceOrderIds;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.orders.notify.LookupRoutes;
import dev.sluice.orders.notify.Mailer;
import dev.sluice.orders.notify.NotificationStore;
import dev.sluice.orders.notify.Notifier;
import dev.sluice.orders.notify.SmtpMailer;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.Processor;
import dev.sluice.orders.process.StateMachine;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Topics;
import dev.sluice.platform.service.PollingService;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring only: the three orders services of one process (request API routes, processor, notifier
 * and its lookup route) on the clients it is given. Each service can also be built alone from its
 * own class; this is the all-in-one shape the CLI and the end-to-end test use. The delay
 * scheduler is the platform's and is started by the caller. It also owns the SMTP choice
 * ({@link #start(KafkaClients, DataSource, OrdersSettings, DelayTiers, Clock, String)}): the configured
 * server, or GreenMail in this process when {@code orders.smtp.host} is empty.
 */
public final class OrdersSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrdersSystem.class);
    /** How long {@code POST /orders} waits for Kafka's acknowledgement before answering 503. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a request holding an idempotency key may still be publishing: blocking for metadata
     * (up to the timeout) plus the delivery timeout (the timeout again), with a margin.
     */
    static final Duration IDEMPOTENCY_LEASE = PUBLISH_TIMEOUT.multipliedBy(3);
    /** How often the idempotency keys older than {@link IdempotencyKeys#RETENTION} are deleted. */
    static final Duration SWEEP_EVERY = Duration.ofMinutes(10);

    private final List<Processor> processors;
    private final List<Notifier> notifiers;
    private final KafkaOrderPublisher publisher;
    private final RequestRoutes requests;
    private final LookupRoutes lookups;
    private final NotificationStore store;
    private final OrdersSettings settings;
    private final List<AutoCloseable> mail = new ArrayList<>();
    private EmbeddedSmtp embeddedSmtp;
    private SmtpSettings smtp;
    private final ScheduledExecutorService sweeper;

    private OrdersSystem(
            List<Processor> processors,
            List<Notifier> notifiers,
            KafkaOrderPublisher publisher,
            RequestRoutes requests,
            LookupRoutes lookups,
            NotificationStore store,
            OrdersSettings settings,
            IdempotencyKeys keys) {
        this.settings = settings;
        this.processors = processors;
        this.notifiers = notifiers;
        this.publisher = publisher;
        this.requests = requests;
        this.lookups = lookups;
        this.store = store;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orders-idempotency-sweep");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(() -> sweep(keys), 1, SWEEP_EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    private static void sweep(IdempotencyKeys keys) {
        try {
            int deleted = keys.sweep(IdempotencyKeys.RETENTION);
            if (deleted > 0) {
                LOG.info("orders: {} idempotency keys older than {} deleted", deleted, IdempotencyKeys.RETENTION);
            }
        } catch (Exception e) {
            LOG.warn(
                    "orders: idempotency keys not swept this time ({}); trying again in {}", e.toString(), SWEEP_EVERY);
        }
    }

    /**
     * Creates the topics and tables if missing, then starts the processors and notifiers
     * ({@code settings.processors()}, {@code settings.notifiers()}; instance ids {@code instanceId},
     * then {@code instanceId-2}, ...: stable, so a restarted process takes its own claims and
     * transactional ids back).
     */
    public static OrdersSystem start(
            KafkaClients clients,
            DataSource dataSource,
            OrdersSettings settings,
            Mailer mailer,
            DelayTiers tiers,
            Clock clock,
            String instanceId) {
        try (Admin admin = clients.admin()) {
            Topics.ensure(admin, settings.topics().specs());
        }
        Migrations.apply(dataSource, "orders");
        NotificationStore store = new NotificationStore(dataSource);
        List<Processor> processors = new ArrayList<>();
        for (int i = 1; i <= settings.processors(); i++) {
            processors.add(new Processor(
                    clients,
                    new StateMachine(settings.delays(), clock),
                    new DelayedRecords(tiers, clock),
                    instance(instanceId, i)));
        }
        List<Notifier> notifiers = new ArrayList<>();
        for (int i = 1; i <= settings.notifiers(); i++) {
            notifiers.add(new Notifier(
                    clients,
                    store,
                    mailer,
                    instance(instanceId, i),
                    Notifier.DEFAULT_CLAIM_LEASE,
                    settings.parallelSends()));
            notifiers.get(notifiers.size() - 1).withNice(settings.notifierNice());
        }
        KafkaOrderPublisher publisher = new KafkaOrderPublisher(clients, PUBLISH_TIMEOUT);
        IdempotencyKeys keys = new IdempotencyKeys(dataSource, IDEMPOTENCY_LEASE);
        processors.forEach(Processor::start);
        notifiers.forEach(Notifier::start);
        return new OrdersSystem(
                List.copyOf(processors),
                List.copyOf(notifiers),
                publisher,
                new RequestRoutes(new SequenceOrderIds(dataSource), publisher, keys),
                new LookupRoutes(store),
                store,
                settings,
                keys);
    }

    /**
     * As {@link #start(KafkaClients, DataSource, OrdersSettings, Mailer, DelayTiers, Clock, String)}, with
     * the SMTP side chosen by the settings: the configured server, or GreenMail started in this process
     * on a free port when no SMTP host is configured. Both are closed with the system.
     */
    public static OrdersSystem start(
            KafkaClients clients,
            DataSource dataSource,
            OrdersSettings settings,
            DelayTiers tiers,
            Clock clock,
            String instanceId) {
        EmbeddedSmtp embedded = settings.smtp().embedded() ? new EmbeddedSmtp(0).start() : null;
        // GreenMail in this process: plain SMTP, no login
        SmtpSettings smtp = embedded == null
                ? settings.smtp()
                : new SmtpSettings(
                        embedded.host(),
                        embedded.port(),
                        false,
                        "",
                        null,
                        settings.smtp().from());
        SmtpMailer mailer = new SmtpMailer(smtp);
        try {
            OrdersSystem system = start(clients, dataSource, settings, mailer, tiers, clock, instanceId);
            system.mail.add(mailer);
            if (embedded != null) {
                system.mail.add(embedded);
            }
            system.embeddedSmtp = embedded;
            system.smtp = smtp;
            return system;
        } catch (RuntimeException e) {
            mailer.close();
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** The SMTP server e-mails go to, e.g. {@code 127.0.0.1:2525 (embedded GreenMail)}; null when a mailer was handed in. */
    public String smtpDescription() {
        return smtp == null
                ? null
                : smtp.host() + ":" + smtp.port() + (embeddedSmtp != null ? " (embedded GreenMail)" : "");
    }

    /** The in-process SMTP server, or null when e-mails go to a configured one. */
    public EmbeddedSmtp embeddedSmtp() {
        return embeddedSmtp;
    }

    /** {@code POST /orders} and {@code GET /orders/{id}}. */
    public void routes(RoutesConfig routes) {
        requests.register(routes);
        lookups.register(routes);
    }

    private static String instance(String base, int i) {
        return i == 1 ? base : base + "-" + i;
    }

    /** The first processor of this process. */
    public Processor processor() {
        return processors.get(0);
    }

    /** The first notifier of this process. */
    public Notifier notifier() {
        return notifiers.get(0);
    }

    /** The processors and notifiers of this process, for /ready and metrics. */
    public List<PollingService> services() {
        List<PollingService> all = new ArrayList<>(processors);
        all.addAll(notifiers);
        return all;
    }

    public OrdersSettings settings() {
        return settings;
    }

    public NotificationStore store() {
        return store;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        notifiers.forEach(Notifier::stop);
        processors.forEach(Processor::stop);
        publisher.close();
        for (AutoCloseable c : mail) {
            try {
                c.close();
            } catch (Exception e) {
                // closing the mail side must not hide the rest of the shutdown
            }
        }
    }
}
