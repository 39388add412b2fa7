package dev.sluice.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds a {@link SluiceConfig} from three sources, later ones overriding earlier ones:
 * <ol>
 *   <li>a Java properties file: {@code --config FILE}, else {@code sluice.properties} in the work
 *       dir (the work dir itself then comes from env or flags, or the default {@code work});</li>
 *   <li>environment variables: {@code SLUICE_} + the key in upper case with {@code .} and
 *       {@code -} turned into {@code _} ({@code SLUICE_KAFKA_BOOTSTRAP_SERVERS} is
 *       {@code kafka.bootstrap-servers}). Client properties are the exception, because Kafka's own
 *       names use dots: {@code SLUICE_KAFKA_PROPERTIES_SECURITY_PROTOCOL} is
 *       {@code kafka.properties.security.protocol}. Other {@code SLUICE_*} variables outside the
 *       known sections are ignored, since launch scripts use names like {@code SLUICE_HOME};</li>
 *   <li>flags: {@code --kafka.bootstrap-servers=...}, keys as in the file.</li>
 * </ol>
 * The secrets ({@code database.password}, {@code http.api-keys}) are accepted only from the
 * environment ({@code SLUICE_DATABASE_PASSWORD}, {@code SLUICE_HTTP_API_KEYS}): a file may be
 * committed and a flag shows in the process list. Every problem found is reported at once, and a
 * problem with a secret never quotes it.
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "sluice.properties";
    public static final String ENV_PREFIX = "SLUICE_";
    public static final String PASSWORD_ENV = "SLUICE_DATABASE_PASSWORD";

    /** Where a raw value came from, so a problem can say which file, variable or flag to fix. */
    private record Origin(String kind, String name) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private ConfigLoader() {}

    public static SluiceConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        List<String> problems = new ArrayList<>();
        Map<String, Origin> origins = new HashMap<>();
        Map<String, String> raw = new LinkedHashMap<>();

        Map<String, String> fromEnv = fromEnv(env);
        Map<String, String> fromFlags = new LinkedHashMap<>();
        flags.forEach((k, v) -> fromFlags.put(k.replaceFirst("^-+", ""), v));

        Path path = file.orElseGet(() -> Path.of(fromFlags.getOrDefault(
                        "work-dir",
                        fromEnv.getOrDefault(
                                "work-dir",
                                ConfigKeys.find("work-dir").orElseThrow().defaultValue())))
                .resolve(FILE_NAME));
        if (file.isPresent() && !Files.isRegularFile(path)) {
            throw new ConfigException("config file " + path + " does not exist or is not a file; "
                    + "fix the --config path, or drop --config to use " + FILE_NAME + " in the work dir");
        }
        if (Files.isRegularFile(path)) {
            Map<String, String> fromFile = readFile(path);
            for (String secret : ConfigKeys.ENVIRONMENT_ONLY) {
                if (fromFile.remove(secret) != null) {
                    problems.add(secret + ": not accepted in a file (" + path + ") because files get "
                            + "committed; remove it there and set " + envName(secret) + " instead");
                }
            }
            fromFile.forEach((k, v) -> put(raw, origins, k, v, new Origin("file", path.toString())));
        }
        env.keySet().stream().filter(n -> n.startsWith(ENV_PREFIX)).sorted().forEach(name -> {
            String key = envToKey(name);
            if (key != null) {
                put(raw, origins, key, env.get(name), new Origin("env", name));
            }
        });
        for (String secret : ConfigKeys.ENVIRONMENT_ONLY) {
            if (fromFlags.remove(secret) != null) {
                problems.add(secret + ": not accepted as a flag because flags show in the process list; set "
                        + envName(secret) + " instead");
            }
        }
        fromFlags.forEach((k, v) -> put(raw, origins, k, v, new Origin("flag", "--" + k)));
        return new Binder(raw, origins, problems).bind();
    }

    /** Binds flat keys over the defaults; for callers that already merged their sources. */
    public static SluiceConfig bind(Map<String, String> values) {
        return new Binder(new LinkedHashMap<>(values), Map.of(), new ArrayList<>()).bind();
    }

    /** The config keys the environment sets, by the rule in the class comment. */
    public static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> keys = new TreeMap<>();
        env.forEach((name, value) -> {
            String key = name.startsWith(ENV_PREFIX) ? envToKey(name) : null;
            if (key != null) {
                keys.put(key, value);
            }
        });
        return keys;
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String envToKey(String name) {
        String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            if (envName(key.name()).equals(name)) {
                return key.name();
            }
        }
        String props = envName(ConfigKeys.KAFKA_PROPERTIES_PREFIX)
                .toLowerCase(Locale.ROOT)
                .substring(ENV_PREFIX.length());
        if (rest.startsWith(props) && rest.length() > props.length()) {
            return ConfigKeys.KAFKA_PROPERTIES_PREFIX
                    + rest.substring(props.length()).replace('_', '.');
        }
        int underscore = rest.indexOf('_');
        if (underscore > 0 && ConfigKeys.sections().contains(rest.substring(0, underscore))) {
            // A typo inside a known section: keep it so the binder reports it with a suggestion.
            return rest.substring(0, underscore) + "."
                    + rest.substring(underscore + 1).replace('_', '-');
        }
        return null;
    }

    private static Map<String, String> readFile(Path path) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage()
                    + "; it must be a Java properties file in UTF-8 (key=value per line)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> values.put(k.trim(), props.getProperty(k)));
        return values;
    }

    private static void put(
            Map<String, String> raw, Map<String, Origin> origins, String key, String value, Origin origin) {
        raw.put(key, value);
        origins.put(key, origin);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Optional<String> closest(String wanted, Set<String> candidates, int maxDistance) {
        return candidates.stream()
                .filter(c -> distance(wanted, c) <= maxDistance)
                .min(Comparator.comparingInt((String c) -> distance(wanted, c)).thenComparing(c -> c));
    }

    /** Turns raw text into records, collecting every problem before failing. */
    private static final class Binder {
        private final Map<String, String> raw;
        private final Map<String, Origin> origins;
        private final List<String> problems;
        private final Map<String, String> extra = new TreeMap<>();
        private final Map<String, String> kafkaProperties = new TreeMap<>();

        Binder(Map<String, String> raw, Map<String, Origin> origins, List<String> problems) {
            this.raw = raw;
            this.origins = origins;
            this.problems = problems;
        }

        SluiceConfig bind() {
            sortUnknownKeys();
            Path workDir = parse("work-dir", (k, v) -> Path.of(v.trim()));
            KafkaSettings kafka = section(() -> new KafkaSettings(
                    text("kafka.bootstrap-servers"),
                    parse("kafka.port", Values::port),
                    parse("kafka.partitions", (k, v) -> Values.intAtLeast(k, v, 1)),
                    parse("kafka.replication-factor", (k, v) -> Values.intAtLeast(k, v, 1)),
                    kafkaProperties));
            DatabaseSettings database = section(() -> new DatabaseSettings(
                    text("database.url"),
                    text("database.username"),
                    Secret.of(raw.getOrDefault(ConfigKeys.DATABASE_PASSWORD, "")),
                    parse("database.port", Values::port),
                    parse("database.pool-size", (k, v) -> Values.intAtLeast(k, v, 1))));
            FlinkSettings flink = section(() -> new FlinkSettings(
                    parse("flink.mode", (k, v) -> Values.choice(k, v, FlinkMode.class)),
                    text("flink.host"),
                    parse("flink.rest-port", Values::port),
                    text("flink.jar"),
                    parse("flink.parallelism", (k, v) -> Values.intAtLeast(k, v, 1)),
                    parse("flink.checkpoint-interval", Values::duration)));
            HttpSettings http = section(() -> new HttpSettings(
                    text("http.host"),
                    parse("http.port", Values::port),
                    parse("http.max-body-bytes", Values::bytes),
                    parse(ConfigKeys.HTTP_API_KEYS, (k, v) -> HttpSettings.parseApiKeys(v)),
                    parse("http.nice", (k, v) -> Values.intAtLeast(k, v, 0))));
            DelaySettings delay = section(() -> new DelaySettings(parse("delay.tiers", Values::durations)));
            MetricsSettings metrics = new MetricsSettings(parse("metrics.enabled", Values::bool));
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new SluiceConfig(workDir, kafka, database, flink, http, delay, metrics, extra);
        }

        private void sortUnknownKeys() {
            Set<String> known = new TreeSet<>();
            ConfigKeys.ALL.forEach(k -> known.add(k.name()));
            Set<String> sections = ConfigKeys.sections();
            Set<String> kafkaNames = kafkaClientNames();
            for (Map.Entry<String, String> e : raw.entrySet()) {
                String key = e.getKey();
                if (known.contains(key)) {
                    continue;
                }
                if (key.startsWith(ConfigKeys.KAFKA_PROPERTIES_PREFIX)) {
                    String name = key.substring(ConfigKeys.KAFKA_PROPERTIES_PREFIX.length());
                    Optional<String> near = kafkaNames.contains(name) ? Optional.empty() : closest(name, kafkaNames, 2);
                    if (name.isEmpty()) {
                        problems.add(key + ": needs a Kafka client property name after '"
                                + ConfigKeys.KAFKA_PROPERTIES_PREFIX + "' (e.g. kafka.properties.security.protocol)"
                                + from(key));
                    } else if (near.isPresent()) {
                        // Only near-misses are refused: plugins (SASL callbacks, interceptors) read names Kafka does
                        // not know.
                        problems.add(key + ": not a Kafka client property; did you mean '"
                                + ConfigKeys.KAFKA_PROPERTIES_PREFIX + near.get() + "'?" + from(key));
                    } else {
                        kafkaProperties.put(name, e.getValue());
                    }
                    continue;
                }
                int dot = key.indexOf('.');
                String section = dot < 0 ? "" : key.substring(0, dot);
                boolean platformKey = section.isEmpty()
                        || sections.contains(section)
                        || closest(section, sections, 2).isPresent();
                if (!platformKey) {
                    extra.put(key, e.getValue());
                    continue;
                }
                Optional<String> near = closest(key, known, Math.max(3, key.length() / 3));
                String hint = near.map(n -> "did you mean '" + n + "'" + envHint(key, n) + "?")
                        .orElseGet(() -> "known keys are " + known);
                problems.add("unknown key '" + key + "'" + from(key) + "; " + hint);
            }
        }

        private String envHint(String key, String suggestion) {
            Origin origin = origins.get(key);
            return origin != null && origin.kind().equals("env") ? " (" + envName(suggestion) + ")" : "";
        }

        private String from(String key) {
            Origin origin = origins.get(key);
            return origin == null ? "" : " (from " + origin + ")";
        }

        private String text(String key) {
            return raw.getOrDefault(key, ConfigKeys.find(key).orElseThrow().defaultValue());
        }

        private <T> T parse(String key, BiFunction<String, String, T> parser) {
            try {
                return parser.apply(key, text(key));
            } catch (ConfigException e) {
                e.problems().forEach(p -> problems.add(p + from(key)));
                // Carry on with the default so the remaining keys are still checked and reported together.
                return parser.apply(key, ConfigKeys.find(key).orElseThrow().defaultValue());
            }
        }

        private <T> T section(Supplier<T> build) {
            try {
                return build.get();
            } catch (ConfigException e) {
                for (String p : e.problems()) {
                    int colon = p.indexOf(':');
                    problems.add(colon > 0 ? p + from(p.substring(0, colon)) : p);
                }
                return null;
            }
        }

        private static Set<String> kafkaClientNames() {
            Set<String> names = new TreeSet<>(ProducerConfig.configNames());
            names.addAll(ConsumerConfig.configNames());
            names.addAll(AdminClientConfig.configNames());
            return names;
        }
    }
}
