package dev.mcpoauth.server.entity;

import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.SealedColumn;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An admin-defined MCP server: its endpoint and every OAuth override. */
@Entity
@Table(name = "mcp_server")
@NamedQuery(name = McpServer.ALL, query = "SELECT s FROM McpServer s ORDER BY s.name")
@NamedQuery(name = McpServer.BY_NAME, query = "SELECT s FROM McpServer s WHERE s.name = :name")
@NamedQuery(name = McpServer.SHARED_ROLES,
        query = "SELECT DISTINCT s.sharedRole FROM McpServer s WHERE s.sharedRole IS NOT NULL")
public class McpServer {

    static final SealedColumn CLIENT_SECRET = new SealedColumn("mcp_server.client_secret");
    static final SealedColumn CLIENT_PRIVATE_KEY = new SealedColumn("mcp_server.client_private_key");
    static final SealedColumn WORKLOAD_TOKEN = new SealedColumn("mcp_server.workload_token");
    static final SealedColumn IDP_CLIENT_SECRET = new SealedColumn("mcp_server.idp_client_secret");

    public static final String ALL = "McpServer.all";
    public static final String BY_NAME = "McpServer.byName";
    public static final String SHARED_ROLES = "McpServer.sharedRoles";

    @Id
    String id;

    String name;
    String url;

    @Enumerated(EnumType.STRING)
    @Column(name = "auth_mode")
    AuthMode authMode = AuthMode.OAUTH2;

    @Enumerated(EnumType.STRING)
    @Column(name = "connection_mode")
    ConnectionMode connectionMode = ConnectionMode.PER_USER;

    @Column(name = "shared_role")
    String sharedRole;

    String issuer;
    String scopes;

    @Column(name = "send_resource")
    boolean sendResource = true;

    @Column(name = "send_scope")
    boolean sendScope = true;

    @Column(name = "resource_override")
    String resourceOverride;

    @Column(name = "authorization_parameters")
    String authorizationParameters;

    @Column(name = "token_parameters")
    String tokenParameters;

    @Lob
    @Column(name = "configuration_problem")
    String configurationProblem;

    @Column(name = "configuration_problem_at")
    Instant configurationProblemAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "pkce_policy")
    PkcePolicy pkcePolicy = PkcePolicy.REQUIRE_ADVERTISED;

    @Enumerated(EnumType.STRING)
    DpopMode dpop = DpopMode.WHEN_ADVERTISED;

    @Column(name = "metadata_ttl_seconds")
    int metadataTtlSeconds = (int) Duration.ofHours(24).toSeconds();

    @Column(name = "client_id")
    String clientId;

    @Column(name = "client_secret_sealed")
    private String clientSecretSealed;

    @Column(name = "client_auth_method")
    String clientAuthMethod;

    @Enumerated(EnumType.STRING)
    @Column(name = "grant_type")
    ServerGrant grant = ServerGrant.AUTHORIZATION_CODE;

    @Column(name = "client_private_key_sealed")
    private String clientPrivateKeySealed;

    @Column(name = "workload_token_sealed")
    private String workloadTokenSealed;

    @Column(name = "workload_token_file")
    String workloadTokenFile;

    @Column(name = "idp_token_endpoint")
    String idpTokenEndpoint;

    @Column(name = "idp_client_id")
    String idpClientId;

    @Column(name = "idp_client_secret_sealed")
    private String idpClientSecretSealed;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Version
    long version;

    protected McpServer() {}

    public McpServer(String name, String url, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.name = name;
        this.url = url;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public AuthMode authMode() {
        return authMode;
    }

    public ConnectionMode connectionMode() {
        return connectionMode;
    }

    public Optional<String> sharedRole() {
        return Optional.ofNullable(sharedRole);
    }

    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    public Optional<String> scopes() {
        return Optional.ofNullable(scopes);
    }

    public boolean sendsResource() {
        return sendResource;
    }

    /**
     * The RFC 8707 {@code resource} to send: none when the admin turned it off, the admin's value
     * when the authorization server knows the MCP server by another name (Entra ID's application
     * ID URI, where AADSTS9010010 refuses the MCP URL), else the one discovered.
     */
    public Optional<String> resource(String discovered) {
        if (!sendResource) {
            return Optional.empty();
        }
        return Optional.of(resourceOverride != null ? resourceOverride : discovered);
    }

    public Optional<String> resourceOverride() {
        return Optional.ofNullable(resourceOverride);
    }

    public void resourceOverride(String resource, Instant now) {
        this.resourceOverride = resource;
        this.updatedAt = now;
    }

    /** False when the admin wants no {@code scope} parameter sent, whatever the metadata lists. */
    public boolean sendsScope() {
        return sendScope;
    }

    /** What the last validation found wrong, or what a person last ran into: for the admin only. */
    public Optional<String> configurationProblem() {
        return Optional.ofNullable(configurationProblem);
    }

    public void configurationProblem(String problem, Instant now) {
        this.configurationProblem = problem;
        this.configurationProblemAt = problem == null ? null : now;
    }

    public void sendScope(boolean sendScope, Instant now) {
        this.sendScope = sendScope;
        this.updatedAt = now;
    }

    public ExtraParameters authorizationParameters() {
        return ExtraParameters.fromStored(authorizationParameters);
    }

    public ExtraParameters tokenParameters() {
        return ExtraParameters.fromStored(tokenParameters);
    }

    public void extraParameters(ExtraParameters authorization, ExtraParameters token, Instant now) {
        this.authorizationParameters = authorization.stored();
        this.tokenParameters = token.stored();
        this.updatedAt = now;
    }

    public PkcePolicy pkcePolicy() {
        return pkcePolicy;
    }

    public DpopMode dpop() {
        return dpop;
    }

    public void dpop(DpopMode dpop, Instant now) {
        this.dpop = dpop;
        this.updatedAt = now;
    }

    public Duration metadataTtl() {
        return Duration.ofSeconds(metadataTtlSeconds);
    }

    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    public Optional<String> clientAuthMethod() {
        return Optional.ofNullable(clientAuthMethod);
    }

    /** The pre-registered client secret; never leaves the broker. */
    public Optional<String> clientSecret(SecretSealer sealer) {
        return Optional.ofNullable(CLIENT_SECRET.open(sealer, id, clientSecretSealed));
    }

    public ServerGrant grant() {
        return grant;
    }

    /** The pre-registered client's own private key (PKCS #8 PEM) for private_key_jwt; never leaves the broker. */
    public Optional<String> clientPrivateKey(SecretSealer sealer) {
        return Optional.ofNullable(CLIENT_PRIVATE_KEY.open(sealer, id, clientPrivateKeySealed));
    }

    /** A workload identity token configured as it is; never leaves the broker but as the assertion. */
    public Optional<String> workloadToken(SecretSealer sealer) {
        return Optional.ofNullable(WORKLOAD_TOKEN.open(sealer, id, workloadTokenSealed));
    }

    /** A file the workload identity token is read from at every token request (it may be rotated). */
    public Optional<String> workloadTokenFile() {
        return Optional.ofNullable(workloadTokenFile);
    }

    /** The organisation's identity provider's token endpoint, for RFC 8693 token exchange. */
    public Optional<String> idpTokenEndpoint() {
        return Optional.ofNullable(idpTokenEndpoint);
    }

    public Optional<String> idpClientId() {
        return Optional.ofNullable(idpClientId);
    }

    public Optional<String> idpClientSecret(SecretSealer sealer) {
        return Optional.ofNullable(IDP_CLIENT_SECRET.open(sealer, id, idpClientSecretSealed));
    }

    /**
     * How tokens are obtained, and the material each grant needs. Like the client secret, every
     * secret here is write-only: null keeps the stored one (of the same grant), a value replaces it.
     */
    public void obtainBy(ServerGrant grant, String workloadTokenOrNull,
            String workloadTokenFile, String idpTokenEndpoint, String idpClientId, String idpClientSecretOrNull,
            SecretSealer sealer, Instant now) {
        if (grant != this.grant) {
            this.workloadTokenSealed = null;
            this.idpClientSecretSealed = null;
        }
        this.grant = grant;
        if (workloadTokenOrNull != null) {
            this.workloadTokenSealed = WORKLOAD_TOKEN.seal(sealer, id, workloadTokenOrNull);
        }
        if (workloadTokenFile != null) {
            this.workloadTokenSealed = null;
        }
        this.workloadTokenFile = workloadTokenFile;
        this.idpTokenEndpoint = idpTokenEndpoint;
        if (idpClientId == null || !idpClientId.equals(this.idpClientId)) {
            this.idpClientSecretSealed = null;
        }
        this.idpClientId = idpClientId;
        if (idpClientSecretOrNull != null) {
            this.idpClientSecretSealed = IDP_CLIENT_SECRET.seal(sealer, id, idpClientSecretOrNull);
        }
        this.updatedAt = now;
    }

    public boolean isShared() {
        return connectionMode == ConnectionMode.SHARED;
    }

    public void describe(String name, String url, AuthMode authMode, Instant now) {
        this.name = name;
        this.url = url;
        this.authMode = authMode;
        this.updatedAt = now;
    }

    public void shareWith(String role, Instant now) {
        this.connectionMode = ConnectionMode.SHARED;
        this.sharedRole = role;
        this.updatedAt = now;
    }

    public void connectPerUser(Instant now) {
        this.connectionMode = ConnectionMode.PER_USER;
        this.sharedRole = null;
        this.updatedAt = now;
    }

    public void overrideOAuth(String issuer, String scopes, boolean sendResource, PkcePolicy pkcePolicy,
            Duration metadataTtl, Instant now) {
        this.issuer = issuer;
        this.scopes = scopes;
        this.sendResource = sendResource;
        this.pkcePolicy = pkcePolicy;
        this.metadataTtlSeconds = (int) metadataTtl.toSeconds();
        this.updatedAt = now;
    }

    /**
     * An update that leaves the secret or the private key out keeps the stored one of the same
     * client: both are write-only.
     */
    public void preRegister(String clientId, String clientSecretOrNull, String clientAuthMethod, SecretSealer sealer,
            Instant now) {
        preRegister(clientId, clientSecretOrNull, null, clientAuthMethod, sealer, now);
    }

    /** @param privateKeyOrNull the client's own PKCS #8 PEM key for private_key_jwt (RFC 7523 §2.2) */
    public void preRegister(String clientId, String clientSecretOrNull, String privateKeyOrNull,
            String clientAuthMethod, SecretSealer sealer, Instant now) {
        boolean sameClient = clientId != null && clientId.equals(this.clientId);
        if (clientSecretOrNull != null) {
            this.clientSecretSealed = CLIENT_SECRET.seal(sealer, id, clientSecretOrNull);
        } else if (!sameClient) {
            this.clientSecretSealed = null;
        }
        if (privateKeyOrNull != null) {
            this.clientPrivateKeySealed = CLIENT_PRIVATE_KEY.seal(sealer, id, privateKeyOrNull);
        } else if (!sameClient) {
            this.clientPrivateKeySealed = null;
        }
        this.clientId = clientId;
        this.clientAuthMethod = clientAuthMethod;
        this.updatedAt = now;
    }

    /** An admin's action on this server; {@code actor} is the admin. */
    public EventSubject eventSubject(Instant at, String actor) {
        return new EventSubject(at, actor, null, id, null, null);
    }

    /** The admin view; the client secret is never part of it, only whether one is configured. */
    public JsonObject toJSON() {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("id", id)
                .add("name", name)
                .add("url", url)
                .add("authMode", authMode.name())
                .add("connectionMode", connectionMode.name())
                .add("sendResource", sendResource)
                .add("sendScope", sendScope)
                .add("pkcePolicy", pkcePolicy.name())
                .add("dpop", dpop.name())
                .add("metadataTtlSeconds", metadataTtlSeconds)
                .add("clientSecretConfigured", clientSecretSealed != null)
                .add("grant", grant.name())
                .add("createdAt", createdAt.toString())
                .add("updatedAt", updatedAt.toString());
        sharedRole().ifPresent(role -> json.add("sharedRole", role));
        issuer().ifPresent(value -> json.add("issuer", value));
        scopes().ifPresent(value -> json.add("scopes", value));
        resourceOverride().ifPresent(value -> json.add("resource", value));
        clientId().ifPresent(value -> json.add("clientId", value));
        clientAuthMethod().ifPresent(value -> json.add("clientAuthMethod", value));
        if (clientPrivateKeySealed != null) {
            json.add("clientPrivateKeyConfigured", true);
        }
        if (workloadTokenSealed != null) {
            json.add("workloadTokenConfigured", true);
        }
        workloadTokenFile().ifPresent(value -> json.add("workloadTokenFile", value));
        idpTokenEndpoint().ifPresent(value -> json.add("idpTokenEndpoint", value));
        idpClientId().ifPresent(value -> json.add("idpClientId", value));
        if (idpClientSecretSealed != null) {
            json.add("idpClientSecretConfigured", true);
        }
        if (!authorizationParameters().isEmpty()) {
            json.add("authorizationParameters", authorizationParameters().toJSON());
        }
        if (!tokenParameters().isEmpty()) {
            json.add("tokenParameters", tokenParameters().toJSON());
        }
        configurationProblem().ifPresent(problem -> json.add("configurationProblem", JsonBuilders.object()
                .add("message", problem).add("at", configurationProblemAt.toString())));
        return json.build();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
