package dev.mcpoauth.server.boundary;

import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Who may use which connection: a user their own, a member of a role the connection shared with
 * that role, an admin any. A connection someone may not see does not exist for them (404).
 */
@ApplicationScoped
@Transactional
public class Connections {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    Clock clock;

    /** The connection the caller uses for a server, created on first use. */
    public Connection forUse(String serverId, Identity identity) {
        String user = identity.name();
        McpServer server = em.find(McpServer.class, serverId);
        if (server == null) {
            throw notFound("MCP server", serverId);
        }
        if (!server.isShared()) {
            return findOrCreate(server, Connection.userKey(user), () -> Connection.ofUser(server, user, clock.instant()));
        }
        String role = server.sharedRole().orElseThrow();
        if (!identity.hasRole(role)) {
            throw notFound("MCP server", serverId);
        }
        return findOrCreate(server, Connection.roleKey(role), () -> Connection.sharedBy(server, role, clock.instant()));
    }

    /** A connection the caller may act on. */
    public Connection visible(String connectionId, Identity identity) {
        Connection connection = em.find(Connection.class, connectionId);
        if (connection == null || !(identity.admin() || isUsableBy(connection, identity))) {
            throw notFound("connection", connectionId);
        }
        return connection;
    }

    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(em.find(Connection.class, connectionId));
    }

    public List<Connection> ownedBy(String user) {
        return em.createNamedQuery(Connection.BY_OWNER_USER, Connection.class).setParameter("user", user)
                .getResultList();
    }

    public void changeStatus(String connectionId, ConnectionStatus status, String detail) {
        find(connectionId).ifPresent(connection -> connection.changeStatus(status, detail, clock.instant()));
    }

    public void connected(String connectionId, String issuer, String grantedScopes) {
        find(connectionId).ifPresent(connection -> connection.connected(issuer, grantedScopes, clock.instant()));
    }

    static boolean isUsableBy(Connection connection, Identity identity) {
        return connection.ownerUser().map(identity.name()::equals).orElse(false)
                || connection.sharedRole().map(identity::hasRole).orElse(false);
    }

    /**
     * Whose consent may attach tokens to this connection: its own user's, or for a shared one an
     * admin's. An admin never authorizes a user's connection: that would attach the admin's account.
     */
    public static boolean mayAuthorize(Connection connection, Identity identity) {
        return connection.ownerUser().map(identity.name()::equals)
                .orElseGet(() -> identity.admin() && connection.sharedRole().isPresent());
    }

    Connection findOrCreate(McpServer server, String ownerKey, java.util.function.Supplier<Connection> create) {
        return em.createNamedQuery(Connection.BY_SERVER_AND_OWNER, Connection.class)
                .setParameter("serverId", server.id())
                .setParameter("ownerKey", ownerKey)
                .getResultStream()
                .findFirst()
                .orElseGet(() -> {
                    Connection connection = create.get();
                    em.persist(connection);
                    return connection;
                });
    }

    static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.NOT_FOUND, "There is no " + what + " with id " + id + " for you.");
    }
}
