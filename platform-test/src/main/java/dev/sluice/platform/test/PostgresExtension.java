package dev.sluice.platform.test;

import dev.sluice.platform.db.Database;
import dev.sluice.platform.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for one test class, in a temporary data directory removed afterwards.
 *
 * <pre>{@code @RegisterExtension static PostgresExtension postgres = new PostgresExtension();}</pre>
 *
 * Register it on a {@code static} field: the server lives from before the first test to after the
 * last, because starting PostgreSQL costs about a second.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private static final int POOL_SIZE = 4;

    private Path dataDir;
    private EmbeddedPostgres server;
    private Database database;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("sluice-pg-");
        server = EmbeddedPostgres.builder().dataDir(dataDir).port(0).build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (database != null) {
                database.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            database = null;
            server = null;
            deleteRecursively(dataDir);
        }
    }

    /** The server, e.g. to stop and start it again within a test. */
    public EmbeddedPostgres server() {
        if (server == null) {
            throw new IllegalStateException(
                    "PostgresExtension has not started: register it with @RegisterExtension on a static field");
        }
        return server;
    }

    public String jdbcUrl() {
        return server().jdbcUrl();
    }

    /** A pool on the {@code sluice} database, opened on first use and closed after the test class. */
    public synchronized Database database() {
        if (database == null) {
            EmbeddedPostgres s = server();
            database = new Database(s.jdbcUrl(), s.username(), s.password(), POOL_SIZE);
        }
        return database;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete PostgreSQL test data dir " + dir, e);
        }
    }
}
