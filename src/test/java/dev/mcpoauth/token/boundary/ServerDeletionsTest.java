package dev.mcpoauth.token.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerDeletion;
import dev.mcpoauth.token.entity.RevocationReport;
import dev.mcpoauth.token.entity.TokenRevocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server about to go: each of its connections is revoked first, and each result is kept for the answer. */
class ServerDeletionsTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final McpServer SERVER = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    static final Connection ALICES = Connection.ofUser(SERVER, "alice", NOW);
    static final Connection OPERATORS = Connection.sharedBy(SERVER, "operators", NOW);
    static final RevocationReport REVOKED = new RevocationReport(TokenRevocation.REVOKED, TokenRevocation.REVOKED);
    static final RevocationReport REFUSED = RevocationReport.notSent(TokenRevocation.failed("HTTP 503"), true);

    final List<String> revokedBy = new ArrayList<>();
    final ServerDeletions deletions = new ServerDeletions();

    ServerDeletionsTest() {
        deletions.connections = new Connections() {
            @Override
            public List<Connection> ofServer(String serverId) {
                return serverId.equals(SERVER.id()) ? List.of(ALICES, OPERATORS) : List.of();
            }
        };
        Map<Connection, RevocationReport> reports = Map.of(ALICES, REVOKED, OPERATORS, REFUSED);
        deletions.accessTokens = new AccessTokens() {
            @Override
            public RevocationReport revoke(Connection connection, String actor) {
                revokedBy.add(connection.id() + " by " + actor);
                return reports.get(connection);
            }
        };
    }

    @Test
    void revokesEveryConnectionOfTheServerAsTheAdminWhoDeletesIt() {
        ServerDeletion deletion = new ServerDeletion(SERVER.id(), "root");

        deletions.revokeGrants(deletion);

        assertThat(revokedBy).containsExactly(ALICES.id() + " by root", OPERATORS.id() + " by root");
        assertThat(deletion.connections()).extracting(ServerDeletion.Revoked::connectionId)
                .containsExactly(ALICES.id(), OPERATORS.id());
    }

    @Test
    void namesTheGrantsTheAuthorizationServerDidNotConfirmEnded() {
        ServerDeletion deletion = new ServerDeletion(SERVER.id(), "root");

        deletions.revokeGrants(deletion);

        assertThat(deletion.notRevoked()).containsExactly(OPERATORS.id());
        var answer = deletion.toJSON();
        assertThat(answer.getJsonArray("connections").getJsonObject(0).getBoolean("revokedAtServer")).isTrue();
        assertThat(answer.getJsonArray("connections").getJsonObject(1).getString("sharedRole"))
                .isEqualTo("operators");
    }

    @Test
    void hasNothingToRevokeForAServerWithoutConnections() {
        ServerDeletion deletion = new ServerDeletion("another", "root");

        deletions.revokeGrants(deletion);

        assertThat(revokedBy).isEmpty();
        assertThat(deletion.notRevoked()).isEmpty();
        assertThat(deletion.detail()).contains("(0 connections)");
    }
}
