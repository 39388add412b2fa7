package dev.sluice.platform.db;

import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an application's tables up to date with Flyway at start-up.
 *
 * <p>Each application owns one schema named after it, holding its tables and its own
 * {@value #HISTORY_TABLE} table, with its scripts under {@code classpath:db/<application>}. That lets
 * answers and orders share one database while versioning their scripts independently.
 */
public final class Migrations {

    public static final String HISTORY_TABLE = "flyway_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    // the name becomes a schema and a classpath folder, so keep it to what both accept unquoted
    private static final Pattern APPLICATION = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private Migrations() {}

    /**
     * Applies pending migrations from {@code classpath:db/<application>} into schema {@code application}.
     *
     * @return how many migrations ran
     */
    public static int apply(DataSource dataSource, String application) {
        Objects.requireNonNull(dataSource, "dataSource must not be null");
        if (application == null || !APPLICATION.matcher(application).matches()) {
            throw new IllegalArgumentException("application must be lower case letters, digits or '_',"
                    + " starting with a letter (it names the schema and classpath:db/<application>), was '"
                    + application + "'");
        }
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + application)
                .failOnMissingLocations(true)
                .schemas(application)
                .defaultSchema(application)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info(
                "Schema {} migrated from version {} to {} ({} migrations run)",
                application,
                result.initialSchemaVersion,
                result.targetSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }
}
