package dev.mcpoauth.server.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeing a connection is not using it: admins see every connection and use only those a user may. */
class ConnectionsTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final McpServer SERVER = new McpServer("files", "https://mcp.example.com/mcp", NOW);
    static final Connection ALICES = Connection.ofUser(SERVER, "alice", NOW);
    static final Connection OPERATORS = Connection.sharedBy(SERVER, "operators", NOW);

    static final Identity ALICE = new Identity("alice", false, Set.of("mcp-user")::contains);
    static final Identity ADMIN = new Identity("root", true, Set.of("mcp-user", "mcp-admin")::contains);
    static final Identity OPERATING_ADMIN = new Identity("root", true, Set.of("mcp-admin", "operators")::contains);

    final Connections connections = new Connections() {
        final Map<String, Connection> stored = Map.of(ALICES.id(), ALICES, OPERATORS.id(), OPERATORS);

        @Override
        public Optional<Connection> find(String connectionId) {
            return Optional.ofNullable(stored.get(connectionId));
        }
    };

    @Test
    void anAdminSeesAnotherPersonsConnectionButMayNotUseItsToken() {
        assertThat(connections.visible(ALICES.id(), ADMIN)).isSameAs(ALICES);
        assertThat(connections.visible(OPERATORS.id(), ADMIN)).isSameAs(OPERATORS);

        assertThatThrownBy(() -> connections.usable(ALICES.id(), ADMIN)).isInstanceOfSatisfying(ProblemException.class,
                refused -> assertThat(refused.problem()).isEqualTo(Problem.FORBIDDEN));
        assertThatThrownBy(() -> connections.usable(OPERATORS.id(), ADMIN))
                .isInstanceOfSatisfying(ProblemException.class,
                        refused -> assertThat(refused.problem()).isEqualTo(Problem.FORBIDDEN));
    }

    @Test
    void theOwnerAndTheMembersOfTheSharedRoleUseTheirConnections() {
        assertThat(connections.usable(ALICES.id(), ALICE)).isSameAs(ALICES);
        assertThat(connections.usable(OPERATORS.id(), OPERATING_ADMIN)).as("an admin who holds the role is a member")
                .isSameAs(OPERATORS);
    }

    @Test
    void aConnectionSomeoneMayNotSeeDoesNotExistForThem() {
        Identity bob = new Identity("bob", false, Set.of("mcp-user")::contains);

        assertThatThrownBy(() -> connections.usable(ALICES.id(), bob)).isInstanceOfSatisfying(ProblemException.class,
                refused -> assertThat(refused.problem()).isEqualTo(Problem.NOT_FOUND));
        assertThatThrownBy(() -> connections.usable(OPERATORS.id(), bob)).isInstanceOfSatisfying(
                ProblemException.class, refused -> assertThat(refused.problem()).isEqualTo(Problem.NOT_FOUND));
    }
}
