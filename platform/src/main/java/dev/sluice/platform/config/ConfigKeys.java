package dev.sluice.platform.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The table of every configuration key Sluice knows, with its default and a one-line meaning. It
 * is the single source for defaults, for unknown-key suggestions, for the environment-variable
 * mapping and for {@link SluiceConfig#describe()}.
 */
public final class ConfigKeys {

    /** One key: its dotted kebab-case name, its default as text, and what it is for. */
    public record Key(String name, String defaultValue, String help) {}

    public static final String KAFKA_PROPERTIES_PREFIX = "kafka.properties.";
    public static final String DATABASE_PASSWORD = "database.password";
    public static final String HTTP_API_KEYS = "http.api-keys";
    /** Secrets: a file gets committed and a flag shows in the process list, so only the environment sets them. */
    public static final List<String> ENVIRONMENT_ONLY = List.of(DATABASE_PASSWORD, HTTP_API_KEYS);

    public static final List<Key> ALL = List.of(
            new Key("work-dir", "work", "directory for the embedded broker, database and Flink data"),
            new Key(
                    "kafka.bootstrap-servers",
                    "",
                    "host:port list of an external cluster; empty = start the embedded broker"),
            new Key("kafka.port", "0", "embedded broker port; 0 = ephemeral"),
            new Key("kafka.partitions", "3", "partitions for the topics Sluice creates"),
            new Key("kafka.replication-factor", "1", "replication factor for the topics Sluice creates"),
            new Key("database.url", "", "JDBC URL; empty = start embedded PostgreSQL"),
            new Key("database.username", "sluice", "database user"),
            new Key(DATABASE_PASSWORD, "", "database password; only from the environment (SLUICE_DATABASE_PASSWORD)"),
            new Key("database.port", "0", "embedded PostgreSQL port; 0 = ephemeral"),
            new Key("database.pool-size", "8", "JDBC connection pool size"),
            new Key("flink.mode", "embedded", "embedded (MiniCluster in this JVM) or remote (a session cluster)"),
            new Key("flink.host", "localhost", "JobManager host when flink.mode=remote"),
            new Key(
                    "flink.rest-port",
                    "8081",
                    "JobManager REST port (remote) or MiniCluster web UI port (embedded; 0 = ephemeral)"),
            new Key("flink.jar", "", "shaded job jar submitted in remote mode; empty = the jar Sluice runs from"),
            new Key("flink.parallelism", "2", "default job parallelism"),
            new Key(
                    "flink.checkpoint-interval",
                    "500ms",
                    "checkpoint interval; also the latency floor of exactly-once output"),
            new Key(
                    "http.host",
                    "127.0.0.1",
                    "address the HTTP server binds: 127.0.0.1 = this machine only; 0.0.0.0 = every interface"),
            new Key("http.port", "8080", "HTTP port; 0 = ephemeral"),
            new Key("http.max-body-bytes", "1048576", "largest accepted request body; bigger bodies get 413"),
            new Key(
                    "http.nice",
                    String.valueOf(HttpSettings.DEFAULT_NICE),
                    "request threads run this far below the normal CPU priority (Linux nice, 0-19), so work"
                            + " already admitted goes first when the CPU is short; 0 = normal"),
            new Key(
                    HTTP_API_KEYS,
                    "",
                    "comma-separated API keys; only from the environment (SLUICE_HTTP_API_KEYS); set: every POST and"
                            + " a GET /orders/{id} with the e-mail unmasked need 'Authorization: Bearer <key>'"),
            new Key(
                    "delay.tiers",
                    "100ms,250ms,500ms,1s,2s,5s,10s,30s,1m,5m,15m,1h",
                    "delay-topic tier upper bounds, ascending; one topic per tier (topic sluice.delay.<bound>)"),
            new Key("metrics.enabled", "true", "register JVM and process metrics"));

    private static final Map<String, Key> BY_NAME = index();
    private static final Pattern SENSITIVE =
            Pattern.compile("(?i).*(password|secret|jaas|token|credential|api-?key|[.-]key$).*");

    private ConfigKeys() {}

    public static Optional<Key> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        ALL.forEach(k -> defaults.put(k.name(), k.defaultValue()));
        return defaults;
    }

    /** Sections whose every key must be known: a key under one of them that is not in the table is a typo. */
    public static Set<String> sections() {
        Set<String> sections = new TreeSet<>();
        for (Key key : ALL) {
            int dot = key.name().indexOf('.');
            if (dot > 0) {
                sections.add(key.name().substring(0, dot));
            }
        }
        return sections;
    }

    /** True for keys whose values must be masked when shown to people. */
    public static boolean isSensitive(String key) {
        return SENSITIVE.matcher(key).matches();
    }

    private static Map<String, Key> index() {
        Map<String, Key> map = new LinkedHashMap<>();
        ALL.forEach(k -> map.put(k.name(), k));
        return map;
    }
}
