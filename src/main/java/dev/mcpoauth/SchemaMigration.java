package dev.mcpoauth;

import dev.mcpoauth.sealing.control.PrivateDirectory;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Owns the database: defines the data source from MicroProfile Config (H2 in file mode by
 * default, PostgreSQL when {@code mcpoauth.db.url} names it) and applies the Liquibase changelog
 * at startup, before any JPA use. A failed migration leaves the broker running but not ready.
 */
@DataSourceDefinition(
        name = SchemaMigration.DATA_SOURCE,
        // the URL, user and password come from MicroProfile Config: see BrokerDataSource
        className = "dev.mcpoauth.BrokerDataSource",
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

    @Inject
    @ConfigProperty(name = "mcpoauth.db.url")
    String url;

    @Inject
    @ConfigProperty(name = "mcpoauth.data-dir", defaultValue = "./data")
    String dataDir;

    @PostConstruct
    void migrate() {
        secureDataDirectory();
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
            secureDataDirectory(); // again: H2 has just created a new database file with the umask's mode
            failure = null;
            applied = true;
            readiness.schemaApplied();
        } catch (Exception e) {
            failure = "schema migration failed: " + e.getMessage();
            LOGGER.log(System.Logger.Level.ERROR,
                    "Database schema migration FAILED; the broker stays not ready until it succeeds", e);
        }
    }

    /**
     * The data directory owner-only, before H2 creates anything in it: created for the embedded
     * database, tightened wherever it exists (it also holds the generated key and password).
     */
    void secureDataDirectory() {
        Path directory = Path.of(dataDir);
        if (!url.startsWith("jdbc:h2:file:") && !Files.isDirectory(directory)) {
            return;
        }
        try {
            new PrivateDirectory(directory).secure();
        } catch (UncheckedIOException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Others may be able to read the database: " + e.getMessage(), e);
        }
    }

    public boolean isApplied() {
        return applied;
    }

    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }
}
