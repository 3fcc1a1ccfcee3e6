package dev.mcpoauth.token.boundary;

import dev.mcpoauth.authorization.control.DpopRequirement;
import dev.mcpoauth.discovery.boundary.Discovery;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.dpop.entity.DpopKey;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.oauth.entity.ClientAuthentication;
import dev.mcpoauth.oauth.entity.OAuthRequestException;
import dev.mcpoauth.registration.boundary.Registrations;
import dev.mcpoauth.registration.entity.OAuthClient;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.ServerGrant;
import dev.mcpoauth.token.control.GrantRequests;
import dev.mcpoauth.token.control.Revoker;
import dev.mcpoauth.token.control.TokenEndpoint;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.token.entity.RevocationReport;
import dev.mcpoauth.token.entity.TokenResponse;
import dev.mcpoauth.token.entity.TokenRevocation;
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
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operations that must hold a connection's token row locked (pessimistic write) from read to
 * commit: refresh and revocation. The lock makes a refresh single-flight across every node: a
 * second caller waits, then finds the token fresh and uses it; a rotated refresh token is never
 * presented twice. Each call is one short transaction that never sleeps: a transient failure
 * ends it, and {@link AccessTokens} waits with no lock held before it tries again.
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
    GrantRequests grants;

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

    /**
     * One refresh attempt, start to commit, under the token row's lock. It never waits to retry:
     * {@link AccessTokens} does that outside every lock and transaction, and calls again.
     *
     * @param forceUnlessRenewedAfter null to refresh only when due; otherwise refresh unless the
     *     token was renewed after this instant (by another caller or node, while this one waited)
     */
    public RefreshOutcome refresh(String connectionId, Instant forceUnlessRenewedAfter, EventSubject subject) {
        return refreshWhen(connectionId, tokens -> forceUnlessRenewedAfter != null
                && !tokens.isRenewedAfter(forceUnlessRenewedAfter), subject);
    }

    /**
     * After a resource server refused {@code rejectedAccessToken}: a forced refresh if that token is
     * still the stored one, else (someone on any node replaced it since the caller read it) the
     * current token as it is. N callers refused the same token cause one refresh, however late each
     * of them arrives here.
     */
    public RefreshOutcome refreshRejected(String connectionId, String rejectedAccessToken, EventSubject subject) {
        return refreshWhen(connectionId, tokens -> tokens.holdsAccessToken(sealer, rejectedAccessToken), subject);
    }

    RefreshOutcome refreshWhen(String connectionId, Predicate<TokenSet> forcing, EventSubject subject) {
        TokenSet tokens = em.find(TokenSet.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        if (tokens == null) {
            return new RefreshOutcome.Nothing();
        }
        Instant now = clock.instant();
        boolean forced = forcing.test(tokens);
        if (forced && !tokens.canRefresh()) {
            return new RefreshOutcome.NotRefreshable(tokens.expiresAt(), tokens.isExpired(now));
        }
        TokenSet.Next next = forced ? TokenSet.Next.REFRESH : tokens.next(now, window);
        if (next == TokenSet.Next.USE) {
            return new RefreshOutcome.Current(tokens.accessToken(sealer));
        }
        if (next == TokenSet.Next.REAUTHORIZE) {
            return new RefreshOutcome.Nothing();
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
            return failed(e);
        }
        if (server.grant().isService()) {
            return obtained(connection, found, null, subject);
        }
        Optional<String> stored = tokens.refreshToken(sealer);
        if (stored.isEmpty()) {
            return lose(tokens, connection, "grant_changed", "The server no longer obtains its tokens the way this"
                    + " connection's were obtained.");
        }
        String refreshToken = stored.get();
        String resource = server.resource(found.resource()).orElse(null);
        try {
            // the grant's key, if it has one: a public client's refresh token is bound to it (RFC 9449 §5)
            TokenResponse refreshed = tokenEndpoint.refresh(found.authorizationServer().tokenEndpoint(),
                    client.authentication(), refreshToken, resource, null,
                    server.tokenParameters().values(), tokens.dpopKey(sealer).orElse(null));
            Instant at = clock.instant();
            tokens.refreshed(sealer, refreshed.accessToken(), refreshed.refreshToken(), refreshed.scope(), at,
                    refreshed.expiresAt(at, defaultLifetime));
            tokens.retyped(refreshed.tokenType());
            return new RefreshOutcome.Refreshed(tokens.accessToken(sealer), refreshed.hasRefreshToken());
        } catch (OAuthRequestException.Transient e) {
            return new RefreshOutcome.Failed("temporarily_unavailable", e.getMessage(), true);
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

    /**
     * Obtains tokens with the server's grant, no browser involved: for a service connection on its
     * first use (client credentials, a workload's identity), for a person with their identity
     * assertion (enterprise-managed authorization). The connection's row lock makes the first
     * request single-flight across nodes as the token row's lock does every later one: a caller
     * that waited finds the tokens its predecessor stored and uses them.
     *
     * @param identityAssertion the person's ID token (ENTERPRISE_MANAGED), else null
     */
    public RefreshOutcome obtain(String connectionId, String identityAssertion, EventSubject subject) {
        Connection connection = em.find(Connection.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        if (connection == null || connection.server().grant() == ServerGrant.AUTHORIZATION_CODE) {
            return new RefreshOutcome.Nothing();
        }
        TokenSet tokens = em.find(TokenSet.class, connectionId);
        if (tokens != null && identityAssertion == null && tokens.next(clock.instant(), window) == TokenSet.Next.USE) {
            return new RefreshOutcome.Current(tokens.accessToken(sealer));
        }
        try {
            return obtained(connection, discovery.discover(connection.server(), false), identityAssertion, subject);
        } catch (ProblemException e) {
            return failed(e);
        }
    }

    RefreshOutcome obtained(Connection connection, ServerDiscovery found, String identityAssertion,
            EventSubject subject) {
        McpServer server = connection.server();
        try {
            TokenSet stored = em.find(TokenSet.class, connection.id());
            // the connection keeps its key across grants (RFC 9449 §5); a first grant gets a new one
            DpopKey dpop = !DpopRequirement.applies(server.dpop(), found.authorizationServer()) ? null
                    : Optional.ofNullable(stored).flatMap(existing -> existing.dpopKey(sealer))
                            .orElseGet(DpopKey::generate);
            TokenResponse response = grants.request(server, found, identityAssertion, subject, dpop);
            Instant at = clock.instant();
            String scope = response.scope() != null ? response.scope() : grants.scope(server, found);
            TokenSet tokens = stored;
            String issuer = found.issuer();
            if (tokens == null) {
                tokens = new TokenSet(connection.id(), issuer, sealer, response.accessToken(), response.refreshToken(),
                        response.tokenType(), scope, at, response.expiresAt(at, defaultLifetime));
                em.persist(tokens);
            } else {
                tokens.replace(issuer, sealer, response.accessToken(), response.refreshToken(), response.tokenType(),
                        scope, at, response.expiresAt(at, defaultLifetime));
            }
            tokens.bindTo(sealer, dpop);
            tokens.renewedByGrant(server.grant().isService());
            boolean first = connection.status() != ConnectionStatus.CONNECTED;
            connection.connected(issuer, scope, at);
            return first ? new RefreshOutcome.Obtained(tokens.accessToken(sealer), issuer, scope)
                    : new RefreshOutcome.Refreshed(tokens.accessToken(sealer), false);
        } catch (OAuthRequestException.Transient e) {
            return new RefreshOutcome.Failed("temporarily_unavailable", e.getMessage(), true);
        } catch (OAuthRequestException.Rejected e) {
            // nothing to retry with: the same grant would be refused again (SEP-1933: surface, never retry)
            return new RefreshOutcome.Failed(e.error().error(), e.getMessage(), false);
        } catch (OAuthRequestException.BadResponse e) {
            return new RefreshOutcome.Failed("bad_token_response", e.getMessage(), false);
        } catch (ProblemException e) {
            return failed(e);
        }
    }

    /**
     * RFC 7009 at the authorization server when it has a revocation endpoint (refresh token first:
     * revoking it ends the grant), then deletion, whatever the server said.
     */
    public RevocationReport revoke(String connectionId, EventSubject subject) {
        TokenSet tokens = em.find(TokenSet.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        Connection connection = em.find(Connection.class, connectionId);
        if (connection != null) {
            connection.disconnected(clock.instant());
        }
        if (tokens == null) {
            return RevocationReport.NOTHING_STORED;
        }
        RevocationReport report = revokeAtServer(tokens, connection, subject);
        em.remove(tokens);
        return report;
    }

    RevocationReport revokeAtServer(TokenSet tokens, Connection connection, EventSubject subject) {
        boolean hasRefreshToken = tokens.refreshToken(sealer).isPresent();
        String endpoint;
        ClientAuthentication client;
        try {
            ServerDiscovery found = discovery.discover(connection.server(), false);
            endpoint = found.authorizationServer().revocationEndpoint();
            if (!found.issuer().equals(tokens.issuer())) {
                return RevocationReport.notSent(TokenRevocation.notSent("not sent: the server now uses another"
                        + " authorization server than the one that issued it"), hasRefreshToken);
            }
            if (endpoint == null) {
                return RevocationReport.notSent(TokenRevocation.notSent("not sent: the authorization server offers"
                        + " no revocation endpoint; it stays valid until it expires"), hasRefreshToken);
            }
            client = registrations.clientFor(connection.server(), found.authorizationServer(), subject)
                    .authentication();
        } catch (RuntimeException e) {
            // the tokens are deleted here either way; the server may keep them until they expire
            LOGGER.log(System.Logger.Level.WARNING, "Revocation at the authorization server was not possible for"
                    + " connection " + tokens.connectionId() + ": " + e.getMessage());
            return RevocationReport.notSent(TokenRevocation.failed("not sent: the authorization server could not be"
                    + " found or the broker's client there is unusable"), hasRefreshToken);
        }
        TokenRevocation refresh = hasRefreshToken
                ? revoker.attempt(endpoint, client, tokens.refreshToken(sealer).orElseThrow(),
                        TokenTypeHint.REFRESH_TOKEN)
                : TokenRevocation.NONE;
        TokenRevocation access = revoker.attempt(endpoint, client, tokens.accessToken(sealer).value(),
                TokenTypeHint.ACCESS_TOKEN);
        RevocationReport report = new RevocationReport(refresh, access);
        if (report.anyFailed()) {
            LOGGER.log(System.Logger.Level.WARNING, "Revocation at the authorization server failed for connection "
                    + tokens.connectionId() + ": " + report.details());
        }
        return report;
    }

    /**
     * Marks a token that cannot be refreshed as announced.
     *
     * @return the token's expiry when this call marked it; empty when it was announced already
     */
    public Optional<Instant> warnOnce(String connectionId) {
        TokenSet tokens = em.find(TokenSet.class, connectionId, LockModeType.PESSIMISTIC_WRITE);
        if (tokens == null || tokens.canRefresh() || tokens.isExpiryWarned()) {
            return Optional.empty();
        }
        tokens.expiryWarned();
        return Optional.of(tokens.expiresAt());
    }

    static RefreshOutcome.Failed failed(ProblemException e) {
        return new RefreshOutcome.Failed(e.problem().name().toLowerCase(java.util.Locale.ROOT), e.getMessage(),
                e.problem().isRetryable());
    }

    RefreshOutcome lose(TokenSet tokens, Connection connection, String code, String reason) {
        em.remove(tokens);
        connection.changeStatus(ConnectionStatus.REQUIRES_REAUTHORIZATION, reason, clock.instant());
        return new RefreshOutcome.GrantLost(code, reason);
    }

}
