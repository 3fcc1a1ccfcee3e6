package dev.mcpoauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/**
 * Changeset 011 on rows written under bare names: they become Basic users' keys. Unit tests see only loopback
 * in a namespace without PostgreSQL, so this runs on H2; the ITs apply the same changeset on PostgreSQL.
 */
class CallerKeyMigrationTest {

    static final String CHANGESET = "011-caller-keys";

    @Test
    void turnsBareNamesIntoBasicKeysOnH2() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:mem:callerkeys-" + UUID.randomUUID() + ";MODE=LEGACY;DB_CLOSE_DELAY=-1", "sa", "")) {
            migrateWithOldRows(connection);
        }
    }

    void migrateWithOldRows(Connection connection) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        Scope.child(Map.of("liquibase.analytics.enabled", false, "liquibase.showBanner", false), () -> {
            try (var liquibase = new Liquibase(SchemaMigration.CHANGELOG,
                    new ClassLoaderResourceAccessor(getClass().getClassLoader()), database) {
                @Override
                public void close() {
                    // the test closes its own connection
                }
            }) {
                List<ChangeSet> changeSets = liquibase.getDatabaseChangeLog().getChangeSets();
                int before = changeSets.indexOf(changeSets.stream()
                        .filter(changeSet -> CHANGESET.equals(changeSet.getId())).findFirst().orElseThrow());
                liquibase.update(before, "");
                insertOldRows(connection);
                liquibase.update("");
            }
        });

        assertThat(strings(connection, "SELECT owner_user, owner_key FROM mcp_connection ORDER BY id"))
                .containsExactly("basic:alice user:basic:alice", "null role:team");
        assertThat(strings(connection, "SELECT user_name, user_name FROM authorization_flow"))
                .containsExactly("basic:alice basic:alice");
        assertThat(strings(connection, "SELECT actor, subject_user FROM audit_event ORDER BY id"))
                .containsExactly("basic:alice basic:alice", "system basic:alice", "null null");
    }

    static void insertOldRows(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            String now = "TIMESTAMP '2026-03-01 12:00:00'";
            sql.execute("INSERT INTO mcp_server (id, name, url, created_at, updated_at) VALUES"
                    + " ('s1', 'one', 'https://mcp.example/mcp', " + now + ", " + now + ")");
            sql.execute("INSERT INTO mcp_server (id, name, url, connection_mode, shared_role, created_at, updated_at)"
                    + " VALUES ('s2', 'two', 'https://mcp.example/two', 'SHARED', 'team', " + now + ", " + now + ")");
            sql.execute("INSERT INTO mcp_connection (id, server_id, owner_key, owner_user, status, created_at,"
                    + " updated_at) VALUES ('c1', 's1', 'user:alice', 'alice', 'CONNECTED', " + now + ", " + now + ")");
            sql.execute("INSERT INTO mcp_connection (id, server_id, owner_key, shared_role, status, created_at,"
                    + " updated_at) VALUES ('c2', 's2', 'role:team', 'team', 'CONNECTED', " + now + ", " + now + ")");
            sql.execute("INSERT INTO authorization_flow (id, state_hash, connection_id, user_name, issuer,"
                    + " code_verifier_sealed, status, created_at, expires_at) VALUES ('f1', 'h', 'c1', 'alice',"
                    + " 'https://as.example', 'sealed', 'PENDING', " + now + ", " + now + ")");
            sql.execute("INSERT INTO audit_event (occurred_at, type, outcome, actor, subject_user) VALUES"
                    + " (" + now + ", 'AuthorizationCompleted', 'SUCCESS', 'alice', 'alice')");
            sql.execute("INSERT INTO audit_event (occurred_at, type, outcome, actor, subject_user) VALUES"
                    + " (" + now + ", 'TokenRefreshed', 'SUCCESS', 'system', 'alice')");
            sql.execute("INSERT INTO audit_event (occurred_at, type, outcome) VALUES"
                    + " (" + now + ", 'ClientRegistered', 'SUCCESS')");
        }
    }

    static List<String> strings(Connection connection, String query) throws SQLException {
        var rows = new ArrayList<String>();
        try (Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2));
            }
        }
        return rows;
    }
}
