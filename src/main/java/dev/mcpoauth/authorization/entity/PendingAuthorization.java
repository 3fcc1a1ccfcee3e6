package dev.mcpoauth.authorization.entity;

import dev.mcpoauth.server.entity.Connection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One authorization in flight. The state travels through the browser, so only its SHA-256 is
 * stored; the PKCE verifier is sealed; the browser binding is the hash of a per-flow cookie.
 */
@Entity
@Table(name = "authorization_flow")
@NamedQuery(name = PendingAuthorization.BY_STATE_HASH,
        query = "SELECT f FROM PendingAuthorization f WHERE f.stateHash = :stateHash")
public class PendingAuthorization {

    public static final String BY_STATE_HASH = "PendingAuthorization.byStateHash";

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
    String scopes;

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

    public PendingAuthorization(Connection connection, String userName, String stateHash, String sealedCodeVerifier,
            String issuer, String resource, String scopes, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID().toString();
        this.connection = connection;
        this.userName = userName;
        this.stateHash = stateHash;
        this.codeVerifierSealed = sealedCodeVerifier;
        this.issuer = issuer;
        this.resource = resource;
        this.scopes = scopes;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public void bindBrowser(String browserSecretHash) {
        this.browserSecretHash = browserSecretHash;
    }

    public void returnTo(String returnUrl) {
        this.returnUrl = returnUrl;
    }

    public boolean isPending(Instant now) {
        return status == AuthorizationStatus.PENDING && now.isBefore(expiresAt);
    }

    public void complete(Instant now) {
        finish(AuthorizationStatus.COMPLETED, null, null, now);
    }

    public void fail(String errorCode, String errorMessage, Instant now) {
        finish(AuthorizationStatus.FAILED, errorCode, errorMessage, now);
    }

    private void finish(AuthorizationStatus status, String errorCode, String errorMessage, Instant now) {
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.completedAt = now;
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

    public Optional<String> scopes() {
        return Optional.ofNullable(scopes);
    }

    public String sealedCodeVerifier() {
        return codeVerifierSealed;
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
