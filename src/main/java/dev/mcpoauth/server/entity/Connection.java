package dev.mcpoauth.server.entity;

import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.entity.Identity;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One owner's link to one MCP server: a user's own, or one shared by a role. The owner key
 * ({@code user:<name>} or {@code role:<role>}) is unique per server.
 */
@Entity
@Table(name = "mcp_connection")
@NamedQuery(name = Connection.BY_OWNER_USER,
        query = "SELECT c FROM Connection c WHERE c.ownerUser = :user ORDER BY c.createdAt")
@NamedQuery(name = Connection.BY_SERVER_AND_OWNER,
        query = "SELECT c FROM Connection c WHERE c.server.id = :serverId AND c.ownerKey = :ownerKey")
@NamedQuery(name = Connection.SHARED_WITH,
        query = "SELECT c FROM Connection c WHERE c.sharedRole IN :roles ORDER BY c.createdAt")
@NamedQuery(name = Connection.SHARED_ROLES,
        query = "SELECT DISTINCT c.sharedRole FROM Connection c WHERE c.sharedRole IS NOT NULL")
public class Connection {

    public static final String BY_OWNER_USER = "Connection.byOwnerUser";
    public static final String BY_SERVER_AND_OWNER = "Connection.byServerAndOwner";
    public static final String SHARED_WITH = "Connection.sharedWith";
    public static final String SHARED_ROLES = "Connection.sharedRoles";

    @Id
    String id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "server_id")
    McpServer server;

    @Column(name = "owner_key")
    String ownerKey;

    @Column(name = "owner_user")
    String ownerUser;

    @Column(name = "shared_role")
    String sharedRole;

    @Enumerated(EnumType.STRING)
    ConnectionStatus status = ConnectionStatus.NOT_CONNECTED;

    @Column(name = "status_detail")
    String statusDetail;

    String issuer;

    @Lob
    @Column(name = "granted_scopes")
    String grantedScopes;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Version
    long version;

    /** Made by this request, not read from the database (JPA leaves it false). */
    @Transient
    boolean created;

    protected Connection() {}

    private Connection(McpServer server, String ownerUser, String sharedRole, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.server = server;
        this.ownerUser = ownerUser;
        this.sharedRole = sharedRole;
        this.ownerKey = ownerUser != null ? userKey(ownerUser) : roleKey(sharedRole);
        this.createdAt = now;
        this.updatedAt = now;
        this.created = true;
    }

    public boolean isNew() {
        return created;
    }

    public static String userKey(String user) {
        return "user:" + user;
    }

    public static String roleKey(String role) {
        return "role:" + role;
    }

    public static Connection ofUser(McpServer server, String user, Instant now) {
        return new Connection(server, user, null, now);
    }

    public static Connection sharedBy(McpServer server, String role, Instant now) {
        return new Connection(server, null, role, now);
    }

    public String id() {
        return id;
    }

    public McpServer server() {
        return server;
    }

    public Optional<String> ownerUser() {
        return Optional.ofNullable(ownerUser);
    }

    public Optional<String> sharedRole() {
        return Optional.ofNullable(sharedRole);
    }

    public ConnectionStatus status() {
        return status;
    }

    public Optional<String> statusDetail() {
        return Optional.ofNullable(statusDetail);
    }

    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    public Optional<String> grantedScopes() {
        return Optional.ofNullable(grantedScopes);
    }

    /**
     * Whether this person may send the connection's token to its MCP server: their own, or one
     * shared with a role they hold. Being an admin is not enough: the token is its owner's.
     */
    public boolean mayBeUsedBy(Identity identity) {
        return ownerUser().map(identity.name()::equals).orElse(false)
                || sharedRole().map(identity::hasRole).orElse(false);
    }

    /** Whether this person may see, refresh-check and revoke it: whoever may use it, and any admin. */
    public boolean mayBeSeenBy(Identity identity) {
        return identity.admin() || mayBeUsedBy(identity);
    }

    /**
     * Whose consent may attach tokens to this connection: its own user's, or for a shared one an
     * admin's. An admin never authorizes a user's connection: that would attach the admin's account.
     */
    public boolean mayBeAuthorizedBy(Identity identity) {
        return ownerUser().map(identity.name()::equals)
                .orElseGet(() -> identity.admin() && sharedRole().isPresent());
    }

    /**
     * Its own user, the one person whose consent can connect it without them asking (a shared
     * connection has none: an admin connects it).
     */
    public Optional<Identity> owner() {
        return ownerUser().map(user -> new Identity(user, false, role -> false));
    }

    public void connected(String issuer, String grantedScopes, Instant now) {
        this.issuer = issuer;
        this.grantedScopes = grantedScopes;
        changeStatus(ConnectionStatus.CONNECTED, null, now);
    }

    /** Its grant is gone: nothing granted is shown any more, and a new consent starts afresh. */
    public void disconnected(Instant now) {
        this.issuer = null;
        this.grantedScopes = null;
        changeStatus(ConnectionStatus.NOT_CONNECTED, null, now);
    }

    public void changeStatus(ConnectionStatus status, String detail, Instant now) {
        this.status = status;
        // status_detail is varchar(1000); a detail may quote upstream values (scopes)
        this.statusDetail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 999) + "…";
        this.updatedAt = now;
    }

    /** Who and what an event about this connection concerns; {@code actor} is whoever caused it. */
    public EventSubject eventSubject(Instant at, String actor) {
        return new EventSubject(at, actor, ownerUser, server.id(), id, null);
    }

    /** What a person may see: never a token. */
    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("id", id)
                .add("serverId", server.id())
                .add("serverName", server.name())
                .add("status", status.name())
                .add("updatedAt", updatedAt.toString());
        ownerUser().ifPresent(user -> json.add("ownerUser", user));
        sharedRole().ifPresent(role -> json.add("sharedRole", role));
        statusDetail().ifPresent(detail -> json.add("statusDetail", detail));
        issuer().ifPresent(value -> json.add("issuer", value));
        grantedScopes().ifPresent(value -> json.add("grantedScopes", value));
        return json.build();
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
