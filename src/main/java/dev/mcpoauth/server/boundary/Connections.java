package dev.mcpoauth.server.boundary;

import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.web.entity.Paging;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may see and who may use which connection. A user sees and uses their own, a member of a
 * role the connection is shared with uses that one; an admin sees, refresh-checks and revokes any
 * but uses only those a user may use, because using a connection sends its owner's token. A
 * connection someone may not see does not exist for them (404).
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

    /**
     * Takes back a connection that {@link #forUse} created for a request that then failed (a
     * server not set up, a refused return URL), so a failed first attempt leaves nothing behind.
     * Only while it is still NOT_CONNECTED: a concurrent request may have started a flow for it.
     */
    public void discardIfNew(Connection connection) {
        if (connection.isNew()) {
            em.createQuery("DELETE FROM Connection c WHERE c.id = :id AND c.status = :status")
                    .setParameter("id", connection.id())
                    .setParameter("status", ConnectionStatus.NOT_CONNECTED)
                    .executeUpdate();
        }
    }

    /** A connection the caller may see, refresh and revoke. */
    public Connection visible(String connectionId, Identity identity) {
        return find(connectionId).filter(connection -> connection.mayBeSeenBy(identity))
                .orElseThrow(() -> notVisible(connectionId));
    }

    /**
     * A connection whose token the caller may send to its MCP server: their own, or one shared with
     * a role they hold. An admin who only sees it is refused (403), never handed someone's token.
     */
    public Connection usable(String connectionId, Identity identity) {
        return usable(visible(connectionId, identity), identity);
    }

    /** The same for a connection the caller was already shown ({@link #visible}). */
    public Connection usable(Connection connection, Identity identity) {
        if (!connection.mayBeUsedBy(identity)) {
            throw new ProblemException(Problem.FORBIDDEN, "This connection belongs to "
                    + connection.ownerUser().map(owner -> "another person")
                            .orElse("the members of a role you do not hold")
                    + ". Admins may see, refresh and revoke it, but not send MCP requests with its token.");
        }
        return connection;
    }

    /** With its server, in one statement (em.find would read the server with a second one). */
    public Optional<Connection> find(String connectionId) {
        return em.createQuery("SELECT c FROM Connection c JOIN FETCH c.server WHERE c.id = :id", Connection.class)
                .setParameter("id", connectionId)
                .getResultStream()
                .findFirst();
    }

    public List<Connection> ownedBy(String user) {
        return em.createNamedQuery(Connection.BY_OWNER_USER, Connection.class).setParameter("user", user)
                .getResultList();
    }

    /** The connections shared with any of these roles. */
    public List<Connection> sharedWith(Collection<String> roles) {
        if (roles.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery(Connection.SHARED_WITH, Connection.class).setParameter("roles", List.copyOf(roles))
                .getResultList();
    }

    /** Every role a connection is, or a server's connection would be, shared with. */
    public Set<String> sharedRoles() {
        Set<String> roles = new TreeSet<>(em.createNamedQuery(Connection.SHARED_ROLES, String.class)
                .getResultList());
        roles.addAll(em.createNamedQuery(McpServer.SHARED_ROLES, String.class).getResultList());
        return roles;
    }

    /** Every connection to one server, of every user and role. */
    public List<Connection> ofServer(String serverId) {
        return em.createQuery("SELECT c FROM Connection c WHERE c.server.id = :serverId ORDER BY c.createdAt, c.id",
                Connection.class).setParameter("serverId", serverId).getResultList();
    }

    /** Every connection of every user and role (admins), optionally of one user or one server, newest first. */
    public List<Connection> all(Optional<String> user, Optional<String> serverId, Paging paging) {
        TypedQuery<Connection> query = em.createQuery("SELECT c FROM Connection c" + where(user, serverId)
                + " ORDER BY c.createdAt DESC, c.id", Connection.class);
        user.ifPresent(name -> query.setParameter("user", name));
        serverId.ifPresent(id -> query.setParameter("serverId", id));
        return query.setFirstResult(paging.first()).setMaxResults(paging.size()).getResultList();
    }

    public long count(Optional<String> user, Optional<String> serverId) {
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(c) FROM Connection c" + where(user, serverId), Long.class);
        user.ifPresent(name -> query.setParameter("user", name));
        serverId.ifPresent(id -> query.setParameter("serverId", id));
        return query.getSingleResult();
    }

    static String where(Optional<String> user, Optional<String> serverId) {
        List<String> conditions = new ArrayList<>();
        user.ifPresent(name -> conditions.add("c.ownerUser = :user"));
        serverId.ifPresent(id -> conditions.add("c.server.id = :serverId"));
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public void changeStatus(String connectionId, ConnectionStatus status, String detail) {
        find(connectionId).ifPresent(connection -> connection.changeStatus(status, detail, clock.instant()));
    }

    public void connected(String connectionId, String issuer, String grantedScopes) {
        find(connectionId).ifPresent(connection -> connection.connected(issuer, grantedScopes, clock.instant()));
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

    /** Not found, never forbidden: a connection the caller may not see does not exist for them. */
    public static ProblemException notVisible(String connectionId) {
        return notFound("connection", connectionId);
    }

    static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.NOT_FOUND, "There is no " + what + " with id " + id + " for you.");
    }
}
