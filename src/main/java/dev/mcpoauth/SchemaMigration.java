package dev.mcpoauth;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Owns the database: defines the data source from MicroProfile Config (H2 in file mode by
 * default, PostgreSQL when {@code mcpoauth.db.url} names it) and applies the Liquibase changelog
 * at startup, before any JPA use. A failed migration leaves the broker running but not ready.
 */
@DataSourceDefinition(
        name = SchemaMigration.DATA_SOURCE,
        className = "${MPCONFIG=mcpoauth.db.datasource-class}",
        url = "${MPCONFIG=mcpoauth.db.url}",
        user = "${MPCONFIG=mcpoauth.db.user}",
        password = "${MPCONFIG=mcpoauth.db.password}",
        minPoolSize = 1,
        maxPoolSize = 32)
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

    public static final String DATA_SOURCE = "java:app/jdbc/broker";
    static final String CHANGELOG = "liquibase/changelog.yaml";
    static final System.Logger LOGGER = System.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = DATA_SOURCE)
    DataSource dataSource;

    @Inject
    BrokerReadiness readiness;

    private volatile boolean applied;
    private volatile String failure = "the schema migration has not run yet";

    @PostConstruct
    void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            String product = database.getDatabaseProductName();
            // Liquibase would otherwise try to send usage analytics to its vendor at every start.
            Map<String, Object> settings = Map.of("liquibase.analytics.enabled", false, "liquibase.showBanner", false);
            Scope.child(settings, () -> {
                try (Liquibase liquibase = new Liquibase(
                        CHANGELOG, new ClassLoaderResourceAccessor(getClass().getClassLoader()), database)) {
                    liquibase.update("");
                }
            });
            LOGGER.log(System.Logger.Level.INFO, "Database schema is up to date ({0})", product);
            failure = null;
            applied = true;
            readiness.schemaApplied();
        } catch (Exception e) {
            failure = "schema migration failed: " + e.getMessage();
            LOGGER.log(System.Logger.Level.ERROR,
                    "Database schema migration FAILED; the broker stays not ready until it succeeds", e);
        }
    }

    public boolean isApplied() {
        return applied;
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }
}
