package dev.mcpoauth.token.boundary;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.events.entity.AuthorizationCompleted;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.events.entity.ReauthorizationRequired;
import dev.mcpoauth.events.entity.TokenRefreshFailed;
import dev.mcpoauth.events.entity.TokenRefreshed;
import dev.mcpoauth.sealing.control.SecretSealer;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.control.ConnectionLocks;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.token.entity.RevocationReport;
import dev.mcpoauth.token.entity.TokenSet;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.Metric;

/**
 * The token boundary, and the in-process API other modules inject: a valid access token (refreshed
 * first when {@link TokenSet#next} says so), a refresh now, a revocation. Callers on this node
 * queue on the connection's own lock before they take a database connection; across nodes the
 * token row's lock ({@link LockedTokens}) keeps a refresh single-flight. A transient failure is
 * retried with exponential back-off, waiting outside every lock and transaction: each attempt
 * takes the locks anew and decides again. Nothing is cached outside the database, so a
 * revocation is seen by every node at once.
 */
@ApplicationScoped
public class AccessTokens {

    /** Waits between attempts; a field so that tests can watch the wait instead of sleeping. */
    interface Pause {
        void pause(Duration delay);
    }

    final ConnectionLocks locks = new ConnectionLocks();

    Pause pause = AccessTokens::sleep;

    @Inject
    TokenStore tokens;

    @Inject
    LockedTokens lockedTokens;

    @Inject
    Connections connections;

    @Inject
    Authorizations authorizations;

    @Inject
    SecretSealer sealer;

    @Inject
    Event<BrokerEvent> events;

    // nanoseconds is what a timer records: Payara scales max and mean by it to the exported seconds (the sum
    // always); its quantiles it would not scale, so microprofile-config.properties gives buckets instead
    @Inject
    @Metric(name = "mcpoauth.refreshes.duration", absolute = true, unit = MetricUnits.NANOSECONDS,
            description = "How long a refresh takes its caller, waiting for a concurrent one included")
    Timer refreshDuration;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-window", defaultValue = "PT5M")
    Duration window;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-attempts", defaultValue = "3")
    int attempts;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-backoff", defaultValue = "PT10S")
    Duration backoff;

    /** Registers the refresh timer at start-up, so that it reads zero rather than being absent. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        refreshDuration.getCount();
    }

    /** A token of the connection the given person uses for a server (their own, or their role's shared one). */
    public AccessToken forUser(Identity identity, String serverId) {
        return forConnection(connections.forUse(serverId, identity).id());
    }

    /**
     * @throws AuthorizationRequiredException when the person must connect (again)
     * @throws ProblemException {@code upstream-unavailable} when the token expired and the
     *     authorization server cannot refresh it right now (retry later)
     */
    public AccessToken forConnection(String connectionId) {
        // one transaction, one statement: the connection, its server and its tokens
        TokenStore.Held held = tokens.held(connectionId)
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND, "There is no connection " + connectionId + "."));
        Connection connection = held.connection();
        Instant now = clock.instant();
        Optional<TokenSet> stored = held.tokens();
        if (stored.isEmpty() && connection.server().grant().isService()) {
            return obtain(connection, null, connection.eventSubject(now, EventSubject.SYSTEM))
                    .tokenOrThrow("No token could be obtained", detail -> authorizationRequired(connection, detail));
        }
        TokenSet current = stored.orElseThrow(() -> authorizationRequired(connection,
                "You are not connected to " + connection.server().name() + " yet."));
        TokenSet.Next next = current.next(now, window);
        if (next == TokenSet.Next.USE) {
            return current.accessToken(sealer);
        }
        if (next == TokenSet.Next.REAUTHORIZE) {
            throw authorizationRequired(connection, "Your access to " + connection.server().name()
                    + " has expired and cannot be renewed without you.");
        }
        RefreshOutcome outcome = refresh(connectionId, false,
                connection.eventSubject(now, connection.ownerUser().orElse(EventSubject.SYSTEM)));
        if (outcome instanceof RefreshOutcome.Failed && !current.isExpired(now)) {
            return current.accessToken(sealer);
        }
        return outcome.tokenOrThrow("The access token expired and could not be renewed",
                ignored -> authorizationRequired(connection, "Your access to " + connection.server().name()
                        + " has ended; connect again."));
    }

    /**
     * Connects without a browser, with the server's grant: a service connection now rather than at
     * its first use, or a person's connection with their identity assertion (enterprise-managed).
     *
     * @param identityAssertion the person's ID token, or null
     * @throws ProblemException when the grant was refused or could not be asked for
     */
    public AccessToken obtainNow(Connection connection, String identityAssertion, String actor) {
        return obtain(connection, identityAssertion, connection.eventSubject(clock.instant(), actor))
                .tokenOrThrow("No token could be obtained", detail -> new ProblemException(
                        Problem.AUTHORIZATION_REQUIRED, detail));
    }

    RefreshOutcome obtain(Connection connection, String identityAssertion, EventSubject subject) {
        return renewed(connection.id(), subject,
                () -> lockedTokens.obtain(connection.id(), identityAssertion, subject));
    }

    /** Refreshes now, even when the token is not due (a person asked for it). */
    public void refreshNow(Connection connection, String actor) {
        RefreshOutcome outcome = refresh(connection.id(), true, connection.eventSubject(clock.instant(), actor));
        outcome.tokenOrThrow("The token could not be refreshed",
                detail -> new ProblemException(Problem.AUTHORIZATION_REQUIRED, detail));
    }

    /** After the MCP server rejected a token this caller did not keep: whether a forced refresh obtained one. */
    public boolean refreshedAfterRejection(Connection connection, EventSubject subject) {
        return refresh(connection.id(), true, subject) instanceof RefreshOutcome.Refreshed;
    }

    /**
     * After the MCP server rejected {@code rejected}: whether there is another token to try now,
     * refreshed by this call or (single-flight across callers and nodes) by whoever replaced the
     * rejected one since it was read.
     */
    public boolean refreshedAfterRejection(Connection connection, AccessToken rejected, EventSubject subject) {
        RefreshOutcome outcome = renewed(connection.id(), subject,
                () -> lockedTokens.refreshRejected(connection.id(), rejected.value(), subject));
        return outcome instanceof RefreshOutcome.Refreshed
                || outcome instanceof RefreshOutcome.Current current && !current.token().value().equals(rejected.value());
    }

    /** For the refresh sweep: refreshes when due; whatever it came to is audited. */
    void refreshIfDue(String connectionId, EventSubject subject) {
        refresh(connectionId, false, subject);
    }

    /**
     * Revokes at the authorization server (RFC 7009) where it can, then deletes the tokens; under the
     * same lock as refreshes, so a revocation never races a refresh that would store new tokens.
     * Audited as CredentialsRevoked: FAILURE when the server refused or did not answer for a token.
     */
    public RevocationReport revoke(Connection connection, String actor) {
        EventSubject subject = connection.eventSubject(clock.instant(), actor);
        RevocationReport report = locks.underLock(connection.id(), () -> lockedTokens.revoke(connection.id(), subject));
        events.fire(report.event(subject));
        return report;
    }

    /**
     * @param force refresh even when the token is not due, unless someone renewed it after this
     *     call began (a retry after a back-off does not rotate a token that another node just rotated)
     */
    RefreshOutcome refresh(String connectionId, boolean force, EventSubject subject) {
        Instant forceUnlessRenewedAfter = force ? clock.instant() : null;
        return renewed(connectionId, subject,
                () -> lockedTokens.refresh(connectionId, forceUnlessRenewedAfter, subject));
    }

    /** One attempt after another under the connection's locks, until one that a wait would not change. */
    RefreshOutcome renewed(String connectionId, EventSubject subject, Supplier<RefreshOutcome> attemptUnderLock) {
        RefreshOutcome outcome;
        try (Timer.Context timing = refreshDuration.time()) {
            for (int attempt = 1; ; attempt++) {
                outcome = locks.underLock(connectionId, attemptUnderLock);
                if (!(outcome instanceof RefreshOutcome.Failed failed) || !failed.transientFailure()
                        || attempt >= attempts || Thread.currentThread().isInterrupted()) {
                    break;
                }
                pause.pause(backoff.multipliedBy(1L << (attempt - 1)));
            }
        }
        announce(outcome, subject);
        return outcome;
    }

    void announce(RefreshOutcome outcome, EventSubject subject) {
        if (outcome instanceof RefreshOutcome.Obtained obtained) {
            events.fire(new AuthorizationCompleted(subject, obtained.issuer(), obtained.grantedScopes()));
        } else if (outcome instanceof RefreshOutcome.Refreshed refreshed) {
            events.fire(new TokenRefreshed(subject, refreshed.token().expiresAt(), refreshed.rotated()));
        } else if (outcome instanceof RefreshOutcome.GrantLost lost) {
            events.fire(new TokenRefreshFailed(subject, lost.code(), false));
            events.fire(new ReauthorizationRequired(subject, lost.reason()));
        } else if (outcome instanceof RefreshOutcome.Failed failed) {
            events.fire(new TokenRefreshFailed(subject, failed.code(), failed.transientFailure()));
        }
    }

    AuthorizationRequiredException authorizationRequired(Connection connection, String detail) {
        return authorizations.authorizationRequired(connection, detail);
    }

    static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
