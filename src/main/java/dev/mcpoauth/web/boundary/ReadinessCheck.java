package dev.mcpoauth.web.boundary;

import dev.mcpoauth.SchemaMigration;
import dev.mcpoauth.sealing.control.SecretSealer;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Readiness;

/** Ready means: the database answers, the schema is migrated, and secrets can be sealed and opened. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = SchemaMigration.DATA_SOURCE)
    DataSource dataSource;

    @Inject
    SchemaMigration schemaMigration;

    @Inject
    SecretSealer sealer;

    @Override
    public HealthCheckResponse call() {
        String database = databaseState();
        String schema = schemaMigration.failure().orElse("applied");
        String sealing = sealer.notReadyReason().orElseGet(() -> "key " + sealer.activeKeyId() + " loaded");
        boolean ready = "reachable".equals(database) && schemaMigration.isApplied() && sealer.isReady();
        return new HealthCheckResponse("broker", ready ? Status.UP : Status.DOWN,
                Optional.of(Map.of("database", database, "schema", schema, "sealing", sealing)));
    }

    String databaseState() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? "reachable" : "not answering";
        } catch (SQLException e) {
            return "unreachable: " + e.getSQLState();
        }
    }
}
