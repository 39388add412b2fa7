package dev.sluice.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.sluice.platform.config.DatabaseSettings;
import dev.sluice.platform.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The connection pool a service uses to reach PostgreSQL, embedded or external alike.
 *
 * <p>The password is kept only inside the pool and never appears in {@link #toString()} or in
 * error messages, since both end up in logs.
 */
public final class Database implements AutoCloseable {

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final int poolSize;
    private final HikariDataSource pool;

    /**
     * Opens the pool and one connection to prove the settings work.
     *
     * @throws IllegalStateException when the database cannot be reached with these settings
     */
    public Database(String jdbcUrl, String username, String password, int poolSize) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "jdbcUrl must be a JDBC URL such as jdbc:postgresql://host:5432/sluice, was " + redact(jdbcUrl));
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank (database " + redact(jdbcUrl) + ")");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password == null ? "" : password;
        this.poolSize = poolSize;

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(this.password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("sluice-db");
        try {
            this.pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new IllegalStateException(
                    "cannot connect to " + redact(jdbcUrl) + " as '" + username
                            + "': check that the server runs, the URL and the credentials",
                    e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Whether the server answers a fresh connection within about {@code timeout}.
     *
     * <p>Asks the server, not the pool: a pool checkout waits for the pool's own connection timeout,
     * and a busy pool would look like an outage.
     */
    public boolean isReachable(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password);
        // pgjdbc's own timeouts, in seconds; other drivers ignore unknown properties
        props.setProperty("connectTimeout", Integer.toString(seconds));
        props.setProperty("loginTimeout", Integer.toString(seconds));
        props.setProperty("socketTimeout", Integer.toString(seconds));
        try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
            return c.isValid(seconds);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[jdbcUrl=" + redact(jdbcUrl) + ", username=" + username + ", password=" + Secret.MASK
                + ", poolSize=" + poolSize + "]";
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : DatabaseSettings.maskUrl(jdbcUrl);
    }
}
