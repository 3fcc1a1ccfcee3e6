package dev.mcpoauth.authorization.entity;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.SealedColumn;
import dev.mcpoauth.server.entity.Connection;
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
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One authorization in flight. The state travels through the browser, so only its SHA-256 is
 * stored; the PKCE verifier is sealed; the browser binding is the hash of a per-flow cookie.
 */
@Entity
@Table(name = "authorization_flow")
@NamedQuery(name = PendingAuthorization.BY_STATE_HASH,
        query = "SELECT f FROM PendingAuthorization f WHERE f.stateHash = :stateHash")
@NamedQuery(name = PendingAuthorization.REUSABLE,
        query = "SELECT f FROM PendingAuthorization f WHERE f.connection.id = :connectionId AND f.userName = :user"
                + " AND f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.PENDING"
                + " AND f.expiresAt > :now ORDER BY f.createdAt DESC")
@NamedQuery(name = PendingAuthorization.CLAIM,
        query = "UPDATE PendingAuthorization f SET f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.CLAIMED,"
                + " f.version = f.version + 1"
                + " WHERE f.id = :id AND f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.PENDING"
                + " AND f.expiresAt > :now")
@NamedQuery(name = PendingAuthorization.INTERRUPT_STALE_CLAIMS,
        query = "UPDATE PendingAuthorization f SET f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.FAILED,"
                + " f.errorCode = 'interrupted', f.errorMessage = 'The sign-in was interrupted; start again.',"
                + " f.completedAt = :now, f.version = f.version + 1"
                + " WHERE f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.CLAIMED"
                + " AND f.expiresAt <= :before")
@NamedQuery(name = PendingAuthorization.EXPIRE_STALE,
        query = "UPDATE PendingAuthorization f SET f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.EXPIRED,"
                + " f.completedAt = :now, f.version = f.version + 1"
                + " WHERE f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.PENDING AND f.expiresAt <= :now")
@NamedQuery(name = PendingAuthorization.PURGE_FINISHED,
        query = "DELETE FROM PendingAuthorization f"
                + " WHERE f.status <> dev.mcpoauth.authorization.entity.AuthorizationStatus.PENDING"
                + " AND f.completedAt < :before")
public class PendingAuthorization {

    static final SealedColumn CODE_VERIFIER = new SealedColumn("authorization_flow.code_verifier");

    public static final String BY_STATE_HASH = "PendingAuthorization.byStateHash";
    public static final String REUSABLE = "PendingAuthorization.reusable";
    /** Moves a pending, unexpired flow to CLAIMED: exactly one caller, on any node, gets 1 row. */
    public static final String CLAIM = "PendingAuthorization.claim";
    /** Ends the claimed flows whose exchange never finished (the node went away during it). */
    public static final String INTERRUPT_STALE_CLAIMS = "PendingAuthorization.interruptStaleClaims";
    public static final String EXPIRE_STALE = "PendingAuthorization.expireStale";
    public static final String PURGE_FINISHED = "PendingAuthorization.purgeFinished";
    /** Failures that end the same way however often the person tries: only an admin's change helps. */
    static final Set<String> NOT_RETRYABLE = Set.of("invalid_scope", "invalid_target", "unauthorized_client",
            "unsupported_response_type", "server_not_set_up");
    static final int MAX_CODE = 64;
    static final int MAX_MESSAGE = 1000;

    @Id
    String id;

    @Column(name = "state_hash")
    String stateHash;

    @ManyToOne(optional = false)
    @JoinColumn(name = "connection_id")
    Connection connection;

    @Column(name = "user_name")
    String userName;

    String issuer;
    String resource;

    @Lob
    String scopes;

    @Lob
    @Column(name = "token_endpoint")
    String tokenEndpoint;

    @Column(name = "iss_required")
    boolean issRequired;

    /** The code exchange carries a DPoP proof of a new key (RFC 9449 §5), decided at the start. */
    boolean dpop;

    @Column(name = "client_registration_id")
    String clientRegistrationId;

    @Column(name = "client_id")
    String clientId;

    @Column(name = "client_auth_method")
    String clientAuthMethod;

    @Column(name = "code_verifier_sealed")
    private String codeVerifierSealed;

    @Column(name = "browser_secret_hash")
    String browserSecretHash;

    @Column(name = "return_url")
    String returnUrl;

    @Enumerated(EnumType.STRING)
    AuthorizationStatus status = AuthorizationStatus.PENDING;

    @Column(name = "error_code")
    String errorCode;

    @Column(name = "error_message")
    String errorMessage;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "expires_at")
    Instant expiresAt;

    @Column(name = "completed_at")
    Instant completedAt;

    @Version
    long version;

    protected PendingAuthorization() {}

    public PendingAuthorization(String id, Connection connection, String userName, String stateHash,
            String codeVerifier, SecretSealer sealer, String issuer, String resource, String scopes, Instant now,
            Instant expiresAt) {
        this.id = id;
        this.connection = connection;
        this.userName = userName;
        this.stateHash = stateHash;
        this.codeVerifierSealed = CODE_VERIFIER.seal(sealer, id, codeVerifier);
        this.issuer = issuer;
        this.resource = resource;
        this.scopes = scopes;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    /**
     * What the flow is bound to from its start (RFC 9700 §4.4): the code and verifier go only to
     * this token endpoint, with this client; {@code registrationId} is empty for a pre-registered client.
     */
    public void bindTo(String tokenEndpoint, boolean issRequired, String registrationId, String clientId,
            String clientAuthMethod) {
        this.tokenEndpoint = tokenEndpoint;
        this.issRequired = issRequired;
        this.clientRegistrationId = registrationId;
        this.clientId = clientId;
        this.clientAuthMethod = clientAuthMethod;
    }

    public void useDpop(boolean dpop) {
        this.dpop = dpop;
    }

    public boolean usesDpop() {
        return dpop;
    }

    /** A visit of the start link: a fresh state and browser secret replace those of any earlier visit. */
    public void bind(String stateHash, String browserSecretHash) {
        this.stateHash = stateHash;
        this.browserSecretHash = browserSecretHash;
    }

    public boolean isOwnedBy(String user) {
        return userName.equals(user);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public String codeVerifier(SecretSealer sealer) {
        return CODE_VERIFIER.open(sealer, id, codeVerifierSealed);
    }

    public void returnTo(String returnUrl) {
        this.returnUrl = returnUrl;
    }

    public boolean isPending(Instant now) {
        return status == AuthorizationStatus.PENDING && now.isBefore(expiresAt);
    }

    /**
     * Takes a pending, unexpired flow for the one callback that exchanges its code; false when it
     * is no longer there to take. {@link #CLAIM} is the same step as a conditional update, which
     * is what lets exactly one callback across nodes win.
     */
    public boolean claim(Instant now) {
        if (!isPending(now)) {
            return false;
        }
        status = AuthorizationStatus.CLAIMED;
        return true;
    }

    public void expire(Instant now) {
        if (status == AuthorizationStatus.PENDING) {
            finish(AuthorizationStatus.EXPIRED, null, null, now);
        }
    }

    public void complete(Instant now) {
        complete(now, null);
    }

    /** @param notice what the person should know about the new connection, or null */
    public void complete(Instant now, String notice) {
        finish(AuthorizationStatus.COMPLETED, null, notice, now);
    }

    public void fail(String errorCode, String errorMessage, Instant now) {
        finish(AuthorizationStatus.FAILED, bounded(errorCode, MAX_CODE), bounded(errorMessage, MAX_MESSAGE), now);
    }

    static String bounded(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private void finish(AuthorizationStatus status, String errorCode, String errorMessage, Instant now) {
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.completedAt = now;
    }

    /** A claimed flow is still under way for its owner: its code is being exchanged. */
    AuthorizationStatus shownStatus(Instant now) {
        if (status == AuthorizationStatus.PENDING && isExpired(now)) {
            return AuthorizationStatus.EXPIRED;
        }
        return status == AuthorizationStatus.CLAIMED ? AuthorizationStatus.PENDING : status;
    }

    /** The flow as its owner sees it: its outcome in plain words, and whether trying again can help. */
    public JsonObject toJSON(Instant now) {
        AuthorizationStatus shown = shownStatus(now);
        JsonObjectBuilder json = JsonBuilders.object()
                .add("flowId", id)
                .add("connectionId", connection.id())
                .add("status", shown.name().toLowerCase(java.util.Locale.ROOT))
                .add("expiresAt", expiresAt.toString())
                .add("retryable", shown == AuthorizationStatus.EXPIRED
                        || shown == AuthorizationStatus.FAILED && !NOT_RETRYABLE.contains(errorCode));
        completedAt().ifPresent(at -> json.add("completedAt", at.toString()));
        errorCode().ifPresent(code -> json.add("errorCode", code));
        errorMessage().ifPresent(message -> json.add("message", message));
        if (shown == AuthorizationStatus.EXPIRED && errorMessage == null) {
            json.add("message", "The sign-in was not completed in time. Start connecting again.");
        }
        return json.build();
    }

    public String id() {
        return id;
    }

    public Connection connection() {
        return connection;
    }

    public String userName() {
        return userName;
    }

    public String issuer() {
        return issuer;
    }

    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /** Empty for a flow started before flows carried their binding. */
    public Optional<String> tokenEndpoint() {
        return Optional.ofNullable(tokenEndpoint);
    }

    public boolean issRequired() {
        return issRequired;
    }

    public Optional<String> clientRegistrationId() {
        return Optional.ofNullable(clientRegistrationId);
    }

    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    public Optional<String> clientAuthMethod() {
        return Optional.ofNullable(clientAuthMethod);
    }

    public Optional<String> scopes() {
        return Optional.ofNullable(scopes);
    }

    public Optional<String> browserSecretHash() {
        return Optional.ofNullable(browserSecretHash);
    }

    public Optional<String> returnUrl() {
        return Optional.ofNullable(returnUrl);
    }

    public AuthorizationStatus status() {
        return status;
    }

    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    public Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Optional<Instant> completedAt() {
        return Optional.ofNullable(completedAt);
    }
}
