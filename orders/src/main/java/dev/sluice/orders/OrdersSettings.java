package dev.sluice.orders;

import dev.sluice.orders.notify.Notifier;
import dev.sluice.orders.notify.SmtpSettings;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.platform.config.ConfigException;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.config.Values;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The orders application's settings, read from the {@code orders.*} keys that the platform keeps in
 * {@link SluiceConfig#extra()}; unknown {@code orders.*} keys are refused with the list of known ones.
 *
 * <pre>
 * orders.partitions        partitions of the keyed order topics (default: kafka.partitions)
 * orders.state-delay       time in each state (default 2s); orders.delay.recibido|preparando|entregando override one
 * orders.smtp.host/port    SMTP server (empty host = embedded GreenMail); orders.smtp.tls, orders.smtp.user, orders.smtp.from
 * orders.processors        processor instances in this process (default 1; one per partition at most does work;
 *                          0: none, e.g. a process that only serves the API)
 * orders.notifiers         notifier instances in this process (default 1; 0: none)
 * orders.notifier.parallel-sends  e-mails each notifier sends at once, one SMTP connection each (default 4)
 * orders.notifier.nice     how far below the normal CPU priority the notifiers' threads run (Linux nice, 0-19;
 *                          default 0): above 0 e-mails take the CPU the state changes leave, so on a busy
 *                          machine a burst's state changes come first and its e-mails later
 * </pre>
 * The SMTP password is read from the environment variable {@value SmtpSettings#PASSWORD_ENV} only.
 */
public record OrdersSettings(
        OrderTopics topics,
        StateDelays delays,
        SmtpSettings smtp,
        int processors,
        int notifiers,
        int parallelSends,
        int notifierNice) {
    public static final Duration DEFAULT_STATE_DELAY = Duration.ofSeconds(2);
    /** See {@code orders.notifier.nice}. */
    public static final int DEFAULT_NOTIFIER_NICE = 0;

    private static final Set<String> KEYS = Set.of(
            "orders.partitions",
            "orders.state-delay",
            "orders.delay.recibido",
            "orders.delay.preparando",
            "orders.delay.entregando",
            "orders.smtp.host",
            "orders.smtp.port",
            "orders.smtp.tls",
            "orders.smtp.user",
            "orders.smtp.from",
            "orders.processors",
            "orders.notifiers",
            "orders.notifier.parallel-sends",
            "orders.notifier.nice");

    public OrdersSettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(delays, "delays");
        Objects.requireNonNull(smtp, "smtp");
        Values.checkAtLeast("orders.processors", processors, 0);
        Values.checkAtLeast("orders.notifiers", notifiers, 0);
        if (parallelSends < 1 || parallelSends > 64) {
            throw new ConfigException(
                    "orders.notifier.parallel-sends must be 1 to 64 (SMTP connections per notifier), e.g. 4; was "
                            + parallelSends);
        }
        if (notifierNice < 0 || notifierNice > 19) {
            throw new ConfigException(
                    "orders.notifier.nice must be 0 (normal priority) to 19 (lowest), e.g. 10; was " + notifierNice);
        }
    }

    /** One processor and one notifier in this process. */
    public OrdersSettings(OrderTopics topics, StateDelays delays, SmtpSettings smtp) {
        this(topics, delays, smtp, 1, 1, Notifier.DEFAULT_PARALLEL_SENDS, DEFAULT_NOTIFIER_NICE);
    }

    /** The same with {@code processors} processors and {@code notifiers} notifiers in this process (0: none). */
    public OrdersSettings withInstances(int processors, int notifiers) {
        return new OrdersSettings(topics, delays, smtp, processors, notifiers, parallelSends, notifierNice);
    }

    /** The same with another delay per state. */
    public OrdersSettings withDelays(StateDelays value) {
        return new OrdersSettings(topics, value, smtp, processors, notifiers, parallelSends, notifierNice);
    }

    public static OrdersSettings from(SluiceConfig config, Map<String, String> env) {
        Map<String, String> extra = config.extra();
        for (String key : extra.keySet()) {
            if (key.startsWith("orders.") && !KEYS.contains(key)) {
                throw new ConfigException("unknown key '" + key + "'; the orders keys are " + new TreeSet<>(KEYS));
            }
        }
        int partitions = Values.intAtLeast(
                "orders.partitions",
                extra.getOrDefault(
                        "orders.partitions", String.valueOf(config.kafka().partitions())),
                1);
        OrderTopics topics = new OrderTopics(partitions, (short) config.kafka().replicationFactor());
        Duration each = duration(extra, "orders.state-delay", DEFAULT_STATE_DELAY);
        StateDelays delays = new StateDelays(
                duration(extra, "orders.delay.recibido", each),
                duration(extra, "orders.delay.preparando", each),
                duration(extra, "orders.delay.entregando", each));
        SmtpSettings smtp = new SmtpSettings(
                extra.getOrDefault("orders.smtp.host", ""),
                Values.port("orders.smtp.port", extra.getOrDefault("orders.smtp.port", "587")),
                Values.bool("orders.smtp.tls", extra.getOrDefault("orders.smtp.tls", "true")),
                extra.getOrDefault("orders.smtp.user", ""),
                Secret.of(env.get(SmtpSettings.PASSWORD_ENV)),
                extra.getOrDefault("orders.smtp.from", "pedidos@sluice.local"));
        return new OrdersSettings(
                topics,
                delays,
                smtp,
                Values.intAtLeast("orders.processors", extra.getOrDefault("orders.processors", "1"), 0),
                Values.intAtLeast("orders.notifiers", extra.getOrDefault("orders.notifiers", "1"), 0),
                Values.intAtLeast(
                        "orders.notifier.parallel-sends",
                        extra.getOrDefault(
                                "orders.notifier.parallel-sends", String.valueOf(Notifier.DEFAULT_PARALLEL_SENDS)),
                        1),
                Values.intAtLeast(
                        "orders.notifier.nice",
                        extra.getOrDefault("orders.notifier.nice", String.valueOf(DEFAULT_NOTIFIER_NICE)),
                        0));
    }

    private static Duration duration(Map<String, String> extra, String key, Duration fallback) {
        String value = extra.get(key);
        return value == null ? fallback : Values.duration(key, value);
    }
}
