package dev.mcpoauth.registration.entity;

import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.sealing.entity.SealedColumn;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The broker's client at one authorization server, keyed by issuer and redirect URI and shared
 * by every connection to that issuer; credentials are never used at another issuer (MCP
 * authorization 2026-07-28, SEP-2352).
 */
@Entity
@Table(name = "client_registration")
@NamedQuery(name = ClientRegistration.BY_ISSUER,
        query = "SELECT r FROM ClientRegistration r WHERE r.issuer = :issuer AND r.redirectUri = :redirectUri")
public class ClientRegistration {

    static final SealedColumn CLIENT_SECRET = new SealedColumn("client_registration.client_secret");
    static final SealedColumn REGISTRATION_ACCESS_TOKEN =
            new SealedColumn("client_registration.registration_access_token");

    public static final String BY_ISSUER = "ClientRegistration.byIssuer";

    @Id
    String id;

    String issuer;

    @Column(name = "redirect_uri")
    String redirectUri;

    @Enumerated(EnumType.STRING)
    RegistrationMethod method;

    @Column(name = "client_id")
    String clientId;

    @Column(name = "client_secret_sealed")
    private String clientSecretSealed;

    @Column(name = "client_secret_expires_at")
    Instant clientSecretExpiresAt;

    @Column(name = "registration_access_token_sealed")
    private String registrationAccessTokenSealed;

    @Column(name = "registration_client_uri")
    String registrationClientUri;

    @Column(name = "token_endpoint_auth_method")
    String tokenEndpointAuthMethod;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Version
    long version;

    protected ClientRegistration() {}

    public ClientRegistration(String issuer, String redirectUri, RegistrationMethod method, String clientId,
            String tokenEndpointAuthMethod, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.issuer = issuer;
        this.redirectUri = redirectUri;
        this.method = method;
        this.clientId = clientId;
        this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The secrets are sealed on the way in; null for a secret the authorization server did not issue. */
    public void secrets(SecretSealer sealer, String clientSecret, Instant clientSecretExpiresAt,
            String registrationAccessToken, String registrationClientUri) {
        this.clientSecretSealed = CLIENT_SECRET.seal(sealer, id, clientSecret);
        this.clientSecretExpiresAt = clientSecretExpiresAt;
        this.registrationAccessTokenSealed = REGISTRATION_ACCESS_TOKEN.seal(sealer, id, registrationAccessToken);
        this.registrationClientUri = registrationClientUri;
    }

    public boolean isSecretExpired(Instant now) {
        return clientSecretExpiresAt != null && !now.isBefore(clientSecretExpiresAt);
    }

    public String id() {
        return id;
    }

    public String issuer() {
        return issuer;
    }

    public String redirectUri() {
        return redirectUri;
    }

    public RegistrationMethod method() {
        return method;
    }

    public String clientId() {
        return clientId;
    }

    public Optional<String> clientSecret(SecretSealer sealer) {
        return Optional.ofNullable(CLIENT_SECRET.open(sealer, id, clientSecretSealed));
    }

    public Optional<Instant> clientSecretExpiresAt() {
        return Optional.ofNullable(clientSecretExpiresAt);
    }


    public Optional<String> registrationClientUri() {
        return Optional.ofNullable(registrationClientUri);
    }

    public String tokenEndpointAuthMethod() {
        return tokenEndpointAuthMethod;
    }
}
