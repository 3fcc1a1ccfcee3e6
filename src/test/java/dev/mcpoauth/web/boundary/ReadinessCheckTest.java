package dev.mcpoauth.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.SchemaMigration;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.KeyRing;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

    final ReadinessCheck check = new ReadinessCheck();

    @Test
    void isUpWhenDatabaseSchemaAndKeysAreFine() {
        wire(true, migration(null), sealerWithKey());
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow())
                .containsEntry("database", "reachable")
                .containsEntry("schema", "applied")
                .containsEntry("sealing", "key k1 loaded");
    }

    @Test
    void isDownWhileTheMigrationHasFailed() {
        wire(true, migration("schema migration failed: lock timeout"), sealerWithKey());
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("schema", "schema migration failed: lock timeout");
    }

    @Test
    void isDownWhenTheDatabaseIsUnreachable() {
        wire(false, migration(null), sealerWithKey());
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("database")).asString().startsWith("unreachable");
    }

    void wire(boolean databaseUp, SchemaMigration migration, SecretSealer sealer) {
        check.dataSource = dataSource(databaseUp);
        check.schemaMigration = migration;
        check.sealer = sealer;
    }

    static SecretSealer sealerWithKey() {
        return new SecretSealer(new KeyRing("k1", Map.of("k1", new SecretKeySpec(new byte[32], "AES"))));
    }

    static SchemaMigration migration(String failure) {
        return new SchemaMigration() {
            @Override
            public boolean isApplied() {
                return failure == null;
            }

            @Override
            public Optional<String> failure() {
                return Optional.ofNullable(failure);
            }
        };
    }

    static DataSource dataSource(boolean up) {
        Connection connection = (Connection) Proxy.newProxyInstance(ReadinessCheckTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> "isValid".equals(method.getName()));
        return (DataSource) Proxy.newProxyInstance(ReadinessCheckTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!up) {
                        throw new SQLException("refused", "08001");
                    }
                    return connection;
                });
    }
}
