package dev.sluice.cli.infra;

import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.embedded.EmbeddedFlink;
import dev.sluice.platform.embedded.EmbeddedKafka;
import dev.sluice.platform.embedded.EmbeddedPostgres;
import dev.sluice.platform.flink.FlinkTarget;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure a Sluice process talks to: started in this JVM where the configuration says
 * "embedded" (empty bootstrap servers, empty JDBC URL, flink.mode=embedded), taken as given
 * otherwise. Data lives under {@code work-dir}, so a restart finds its topics and tables again;
 * {@code fresh} wipes the work dir first.
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    private final SluiceConfig config;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final Map<String, Duration> startTimes = new LinkedHashMap<>();
    private EmbeddedKafka kafka;
    private EmbeddedPostgres postgres;
    private EmbeddedFlink flink;
    private String bootstrapServers;
    private Database database;
    private FlinkTarget flinkTarget;

    private Infrastructure(SluiceConfig config) {
        this.config = config;
    }

    /** Starts what is embedded and connects to what is external. Closes everything it started on failure. */
    public static Infrastructure start(SluiceConfig config, boolean fresh) {
        Infrastructure infra = new Infrastructure(config);
        try {
            infra.startAll(fresh);
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    private void startAll(boolean fresh) {
        Path work = config.workDir().toAbsolutePath();
        if (fresh) {
            deleteRecursively(work);
        }
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work-dir " + work + ": choose another with --work-dir", e);
        }

        long t0 = System.nanoTime();
        if (config.kafka().embedded()) {
            kafka = EmbeddedKafka.builder()
                    .dataDir(work.resolve("kafka"))
                    .port(config.kafka().port())
                    .build()
                    .start();
            toClose.push(kafka);
            bootstrapServers = kafka.bootstrapServers();
        } else {
            bootstrapServers = config.kafka().bootstrapServers();
        }
        startTimes.put("kafka", elapsed(t0));

        long t1 = System.nanoTime();
        String url;
        String user;
        String password;
        if (config.database().embedded()) {
            postgres = EmbeddedPostgres.builder()
                    .dataDir(work.resolve("postgres"))
                    .port(config.database().port())
                    .build()
                    .start();
            toClose.push(postgres);
            url = postgres.jdbcUrl();
            user = postgres.username();
            password = postgres.password();
        } else {
            url = config.database().url();
            user = config.database().username();
            password = config.database().password().reveal();
        }
        database = new Database(url, user, password, config.database().poolSize());
        toClose.push(database);
        startTimes.put("postgres", elapsed(t1));

        long t2 = System.nanoTime();
        switch (config.flink().mode()) {
            case EMBEDDED -> {
                flink = EmbeddedFlink.builder()
                        .restPort(config.flink().restPort())
                        .taskSlots(Math.max(4, config.flink().parallelism()))
                        .build()
                        .start();
                toClose.push(flink);
                flinkTarget = flink;
            }
            case REMOTE ->
                flinkTarget = FlinkTarget.remote(
                        config.flink().host(),
                        config.flink().restPort(),
                        List.of(config.flink().jarPath().orElseGet(Infrastructure::ownJar)));
        }
        startTimes.put("flink", elapsed(t2));

        try (Admin admin = clients().admin()) {
            Topics.ensure(admin, delayTiers().topicSpecs(config.kafka().partitions(), (short)
                    config.kafka().replicationFactor()));
        }
    }

    public DelayTiers delayTiers() {
        return DelayTiers.of(DelayTiers.DEFAULT_PREFIX, config.delay().tiers());
    }

    public KafkaClients clients() {
        return new KafkaClients(kafkaClientProps());
    }

    /** Bootstrap servers plus the configured pass-through properties (security and so on). */
    public Map<String, Object> kafkaClientProps() {
        Map<String, Object> props = new HashMap<>(config.kafka().properties());
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Database database() {
        return database;
    }

    public FlinkTarget flink() {
        return flinkTarget;
    }

    /** The Flink web UI, when Flink runs embedded or the remote host is known. */
    public String flinkWebUi() {
        return flink != null
                ? flink.webUiUrl()
                : "http://" + config.flink().host() + ":" + config.flink().restPort();
    }

    public String jdbcUrl() {
        return postgres != null
                ? postgres.jdbcUrl()
                : dev.sluice.platform.config.DatabaseSettings.maskUrl(
                        config.database().url());
    }

    /** The embedded PostgreSQL's postmaster, empty with an external database. */
    public java.util.OptionalLong postgresPid() {
        return postgres == null ? java.util.OptionalLong.empty() : postgres.postmasterPid();
    }

    public EmbeddedKafka embeddedKafka() {
        return kafka;
    }

    public Map<String, Duration> startTimes() {
        return startTimes;
    }

    public SluiceConfig config() {
        return config;
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }

    /** The shaded jar this CLI runs from: it holds every job's classes, so it is what a remote cluster gets. */
    private static Path ownJar() {
        try {
            return Path.of(Infrastructure.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot tell which jar Sluice runs from; set flink.jar to the shaded jar (cli/target/sluice.jar)",
                    e);
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe work-dir " + dir + " for --fresh", e);
        }
    }
}
