package dev.mcpoauth.token.boundary;

import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.security.control.SecretSealer;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.token.control.Revoker;
import dev.mcpoauth.token.control.TokenEndpoint;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.token.entity.TokenResponse;
import dev.mcpoauth.token.entity.TokenSet;
import dev.mcpoauth.token.entity.TokenTypeHint;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operations that must hold a connection's token row locked (pessimistic write) from read to
 * commit: refresh and revocation. The lock makes a refresh single-flight across every node: a
 * second caller waits, then finds the token fresh and uses it; a rotated refresh token is never
 * presented twice.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class LockedTokens {

    static final System.Logger LOGGER = System.getLogger(LockedTokens.class.getName());

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Inject
    Discovery discovery;

    @Inject
    Registrations registrations;

    @Inject
    TokenEndpoint tokenEndpoint;

    @Inject
    Revoker revoker;

    @Inject
    SecretSealer sealer;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-window", defaultValue = "PT5M")
    Duration window;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.default-lifetime", defaultValue = "PT1H")
    Duration defaultLifetime;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-attempts", defaultValue = "3")
    int attempts;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-backoff", defaultValue = "PT10S")
    Duration backoff;

    public RefreshOutcome refresh(String connectionId, boolean force, EventSubject subject) {
        TokenSet tokens = em.find(TokenSet.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        if (tokens == null) {
            return new RefreshOutcome.Nothing();
        }
        Instant now = clock.instant();
        if (!tokens.canRefresh() || !force && !tokens.isExpiring(now, window)) {
            return tokens.canRefresh() || !tokens.isExpired(now)
                    ? new RefreshOutcome.Current(access(tokens))
                    : new RefreshOutcome.Nothing();
        }
        Connection connection = em.find(Connection.class, connectionId);
        McpServer server = connection.server();
        ServerDiscovery found;
        OAuthClient client;
        try {
            found = discovery.discover(server, false);
            if (!found.issuer().equals(tokens.issuer())) {
                // never present a grant of one authorization server to another (MCP SEP-2352)
                return lose(tokens, connection, "issuer_changed", "The server now uses another authorization server.");
            }
            client = registrations.clientFor(server, found.authorizationServer(), subject);
        } catch (ProblemException e) {
            return new RefreshOutcome.Failed(e.problem().name().toLowerCase(java.util.Locale.ROOT), e.getMessage(),
                    e.problem().isRetryable());
        }
        String refreshToken = sealer.open(tokens.sealedRefreshToken().orElseThrow(),
                TokenSet.refreshTokenContext(connectionId));
        String resource = server.sendsResource() ? found.resource() : null;
        for (int attempt = 1; ; attempt++) {
            try {
                TokenResponse refreshed = tokenEndpoint.refresh(found.authorizationServer().tokenEndpoint(),
                        client.authentication(), refreshToken, resource, null);
                Instant at = clock.instant();
                tokens.refreshed(sealer.seal(refreshed.accessToken(), TokenSet.accessTokenContext(connectionId)),
                        refreshed.hasRefreshToken()
                                ? sealer.seal(refreshed.refreshToken(), TokenSet.refreshTokenContext(connectionId))
                                : null,
                        refreshed.scope(), at, refreshed.expiresAt(at, defaultLifetime));
                return new RefreshOutcome.Refreshed(access(tokens), refreshed.hasRefreshToken());
            } catch (OAuthRequestException.Transient e) {
                if (attempt >= attempts) {
                    return new RefreshOutcome.Failed("temporarily_unavailable", e.getMessage(), true);
                }
                pause(backoff.multipliedBy(1L << (attempt - 1)));
            } catch (OAuthRequestException.Rejected e) {
                if (e.error().requiresReauthorization()) {
                    return lose(tokens, connection, e.error().error(), "The authorization server no longer accepts"
                            + " the stored grant.");
                }
                if (e.error().isInvalidClient()) {
                    registrations.drop(tokens.issuer());
                    return lose(tokens, connection, "invalid_client", "The broker's client registration is no longer"
                            + " valid; it will be renewed when you connect again.");
                }
                return new RefreshOutcome.Failed(e.error().error(), e.getMessage(), false);
            } catch (OAuthRequestException.BadResponse e) {
                return new RefreshOutcome.Failed("bad_token_response", e.getMessage(), false);
            }
        }
    }

    /**
     * RFC 7009 at the authorization server when it has a revocation endpoint (refresh token first:
     * revoking it ends the grant), then deletion. Returns whether the server confirmed it.
     */
    public boolean revoke(String connectionId, EventSubject subject) {
        TokenSet tokens = em.find(TokenSet.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        Connection connection = em.find(Connection.class, connectionId);
        if (connection != null) {
            connection.changeStatus(ConnectionStatus.NOT_CONNECTED, null, clock.instant());
        }
        if (tokens == null) {
            return false;
        }
        boolean revoked = revokeAtServer(tokens, connection, subject);
        em.remove(tokens);
        return revoked;
    }

    boolean revokeAtServer(TokenSet tokens, Connection connection, EventSubject subject) {
        try {
            ServerDiscovery found = discovery.discover(connection.server(), false);
            String endpoint = found.authorizationServer().revocationEndpoint();
            if (endpoint == null || !found.issuer().equals(tokens.issuer())) {
                return false;
            }
            ClientAuthentication client = registrations
                    .clientFor(connection.server(), found.authorizationServer(), subject).authentication();
            if (tokens.sealedRefreshToken().isPresent()) {
                revoker.revoke(endpoint, client, sealer.open(tokens.sealedRefreshToken().get(),
                        TokenSet.refreshTokenContext(tokens.connectionId())), TokenTypeHint.REFRESH_TOKEN);
            }
            revoker.revoke(endpoint, client, sealer.open(tokens.sealedAccessToken(),
                    TokenSet.accessTokenContext(tokens.connectionId())), TokenTypeHint.ACCESS_TOKEN);
            return true;
        } catch (RuntimeException e) {
            // the tokens are deleted here either way; the server may keep them until they expire
            LOGGER.log(System.Logger.Level.WARNING, "Revocation at the authorization server failed for connection "
                    + tokens.connectionId() + ": " + e.getMessage());
            return false;
        }
    }

    /** Marks a token that cannot be refreshed as announced; false when it was already. */
    public boolean warnOnce(String connectionId) {
        TokenSet tokens = em.find(TokenSet.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        if (tokens == null || tokens.canRefresh()) {
            return false;
        }
        tokens.expiryWarned();
        return true;
    }

    RefreshOutcome lose(TokenSet tokens, Connection connection, String code, String reason) {
        em.remove(tokens);
        connection.changeStatus(ConnectionStatus.REQUIRES_REAUTHORIZATION, reason, clock.instant());
        return new RefreshOutcome.GrantLost(code, reason);
    }

    AccessToken access(TokenSet tokens) {
        return new AccessToken(sealer.open(tokens.sealedAccessToken(), TokenSet.accessTokenContext(tokens.connectionId())),
                tokens.expiresAt(), tokens.scopes().orElse(null));
    }


    static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
