package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.platform.config.Secret;
import dev.sluice.platform.db.Database;
import dev.sluice.platform.db.Migrations;
import dev.sluice.platform.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedPostgresITCase {

    @RegisterExtension
    static PostgresExtension postgres = new PostgresExtension();

    @Test
    void startsRealPostgresOnAnEphemeralPort() throws SQLException {
        assertThat(postgres.server().isRunning()).isTrue();
        assertThat(postgres.server().port()).isPositive();
        assertThat(postgres.jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:" + postgres.server().port() + "/sluice");
        assertThat(queryStrings(postgres.database().dataSource(), "SELECT version()"))
                .singleElement()
                .asString()
                .startsWith("PostgreSQL 17");
    }

    @Test
    void migrationsCreateTheApplicationsTablesInItsOwnSchema() throws SQLException {
        DataSource ds = postgres.database().dataSource();

        Migrations.apply(ds, "itcase");
        insertNote(ds, "itcase", 1, "hello");

        assertThat(queryStrings(ds, "SELECT body FROM itcase.notes WHERE id = 1"))
                .containsExactly("hello");
        assertThat(Migrations.apply(ds, "itcase"))
                .as("second run finds nothing to do")
                .isZero();
    }

    @Test
    void twoApplicationsShareTheDatabaseWithSeparateSchemasAndHistories() throws SQLException {
        DataSource ds = postgres.database().dataSource();

        Migrations.apply(ds, "itcase");
        Migrations.apply(ds, "itcase_other");

        assertThat(queryStrings(
                        ds,
                        "SELECT table_schema FROM information_schema.tables"
                                + " WHERE table_name = 'notes' ORDER BY table_schema"))
                .containsExactly("itcase", "itcase_other");
        assertThat(queryStrings(
                        ds,
                        "SELECT table_schema FROM information_schema.tables WHERE table_name = '"
                                + Migrations.HISTORY_TABLE + "' ORDER BY table_schema"))
                .containsExactly("itcase", "itcase_other");
        assertThat(
                        queryStrings(
                                ds,
                                "SELECT column_name FROM information_schema.columns"
                                        + " WHERE table_schema = 'itcase_other' AND table_name = 'notes' ORDER BY ordinal_position"))
                .containsExactly("id", "author");
    }

    @Test
    void missingMigrationFolderFailsNamingTheLocation() {
        DataSource ds = postgres.database().dataSource();

        assertThatThrownBy(() -> Migrations.apply(ds, "no_such_app"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("db/no_such_app");
    }

    @Test
    void invalidApplicationNameIsRejectedBeforeTouchingTheDatabase() {
        DataSource ds = postgres.database().dataSource();

        assertThatThrownBy(() -> Migrations.apply(ds, "Orders; DROP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Orders; DROP");
    }

    @Test
    void restartWithTheSameDataDirKeepsTheData() throws SQLException {
        EmbeddedPostgres server = postgres.server();
        int port = server.port();
        Migrations.apply(postgres.database().dataSource(), "itcase");
        insertNote(postgres.database().dataSource(), "itcase", 42, "survives restart");

        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThat(postgres.database().isReachable(Duration.ofSeconds(2))).isFalse();

        server.start();
        assertThat(server.port()).as("ephemeral port kept across restart").isEqualTo(port);
        try (Database fresh = new Database(server.jdbcUrl(), server.username(), server.password(), 1)) {
            assertThat(fresh.isReachable(Duration.ofSeconds(2))).isTrue();
            assertThat(queryStrings(fresh.dataSource(), "SELECT body FROM itcase.notes WHERE id = 42"))
                    .containsExactly("survives restart");
        }
        // the shared pool still holds connections to the old process; each failed use evicts one
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(queryStrings(postgres.database().dataSource(), "SELECT 'back'"))
                        .containsExactly("back"));
    }

    @Test
    void toStringNeverShowsThePassword() {
        EmbeddedPostgres server = postgres.server();
        try (Database db = new Database(server.jdbcUrl() + "?password=topsecret", server.username(), "alsosecret", 1)) {
            assertThat(db.toString())
                    .doesNotContain("topsecret")
                    .doesNotContain("alsosecret")
                    .contains("password=" + Secret.MASK);
        }
    }

    private static void insertNote(DataSource ds, String schema, long id, String body) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO " + schema
                        + ".notes (id, body) VALUES (?, ?)" + " ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body")) {
            insert.setLong(1, id);
            insert.setString(2, body);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> queryStrings(DataSource ds, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
