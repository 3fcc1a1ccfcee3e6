package dev.mcpoauth.token.boundary;

import dev.mcpoauth.authorization.boundary.Authorizations;
import dev.mcpoauth.authorization.entity.AuthorizationRequiredException;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.entity.AccessToken;
import dev.mcpoauth.token.entity.RefreshOutcome;
import dev.mcpoauth.token.entity.TokenSet;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The in-process API other modules inject to call an MCP server for someone: a valid access
 * token, refreshed first when it expires within the window, or an
 * {@link AuthorizationRequiredException} carrying the start link of a (reused) pending flow.
 * Nothing is cached outside the database, so a revocation is seen by every node at once.
 */
@ApplicationScoped
public class AccessTokens {

    @Inject
    TokenStore tokens;

    @Inject
    Refreshes refreshes;

    @Inject
    Connections connections;

    @Inject
    Authorizations authorizations;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "mcpoauth.token.refresh-window", defaultValue = "PT5M")
    Duration window;

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
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND, "There is no connection " + connectionId + "."));
        Instant now = clock.instant();
        Optional<TokenSet> stored = tokens.find(connectionId);
        if (stored.isEmpty()) {
            throw authorizationRequired(connection, "You are not connected to " + connection.server().name() + " yet.");
        }
        TokenSet current = stored.get();
        if (!current.isExpiring(now, window)) {
            return token(current);
        }
        if (!current.canRefresh()) {
            if (!current.isExpired(now)) {
                return token(current);
            }
            throw authorizationRequired(connection, "Your access to " + connection.server().name()
                    + " has expired and cannot be renewed without you.");
        }
        RefreshOutcome outcome = refreshes.refresh(connectionId, false, connection.eventSubject(now, connection.ownerUser().orElse(EventSubject.SYSTEM)));
        if (outcome instanceof RefreshOutcome.Current fresh) {
            return fresh.token();
        }
        if (outcome instanceof RefreshOutcome.Refreshed refreshed) {
            return refreshed.token();
        }
        if (outcome instanceof RefreshOutcome.Failed && !current.isExpired(now)) {
            return token(current);
        }
        if (outcome instanceof RefreshOutcome.Failed failed) {
            throw failed.problem("The access token expired and could not be renewed");
        }
        throw authorizationRequired(connection, "Your access to " + connection.server().name()
                + " has ended; connect again.");
    }

    AuthorizationRequiredException authorizationRequired(Connection connection, String detail) {
        return authorizations.authorizationRequired(connection, detail);
    }

    AccessToken token(TokenSet stored) {
        return new AccessToken(tokens.openAccessToken(stored), stored.expiresAt(), stored.scopes().orElse(null));
    }

}
