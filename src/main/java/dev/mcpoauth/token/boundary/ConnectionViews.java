package dev.mcpoauth.token.boundary;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.security.entity.Identity;
import dev.mcpoauth.server.boundary.Connections;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.server.entity.ConnectionStatus;
import dev.mcpoauth.token.entity.TokenSet;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A connection as the API and the event stream show it: status and expiry, never a token. */
@ApplicationScoped
public class ConnectionViews {

    /** Shown, never stored: see {@link #of(Connection, Optional, Instant)}. */
    public static final String EXPIRED = "EXPIRED";

    @Inject
    TokenStore tokens;

    @Inject
    Clock clock;

    public JsonObject of(Connection connection) {
        return of(connection, tokens.find(connection.id()), clock.instant());
    }

    /**
     * A connection the caller may see ({@link Connection#mayBeSeenBy}), as shown: one transaction
     * and one statement, the status read being the broker's most frequent request.
     *
     * @throws ProblemException {@code not-found} when there is none the caller may see
     */
    public JsonObject visible(String connectionId, Identity identity) {
        TokenStore.Held held = tokens.held(connectionId)
                .filter(found -> found.connection().mayBeSeenBy(identity))
                .orElseThrow(() -> Connections.notVisible(connectionId));
        return of(held.connection(), held.tokens(), clock.instant());
    }

    /** The person's own connections, as shown, oldest first: one statement, not one per connection. */
    public List<JsonObject> ownedBy(String user) {
        Instant now = clock.instant();
        return tokens.heldBy(user).stream().map(held -> of(held.connection(), held.tokens(), now)).toList();
    }

    /**
     * A connected token without a refresh token shows as {@code EXPIRED} from its expiry on. The
     * status is computed rather than stored: the instant is known in advance, so every node shows
     * it at once and exactly, with no timer writing a status that would lag behind, and the stored
     * {@code CONNECTED} stays what it means: a grant was made and not revoked.
     */
    static JsonObject of(Connection connection, Optional<TokenSet> stored, Instant now) {
        JsonObjectBuilder json = JsonBuilders.object(connection.toJSON());
        stored.ifPresent(tokens -> {
            json.add("expiresAt", tokens.expiresAt().toString())
                    .add("refreshable", tokens.canRefresh())
                    .add("needsSignInAtExpiry", !tokens.canRefresh());
            if (!tokens.canRefresh()) {
                json.add("expiryNotice", TokenSet.noRefreshTokenNotice(tokens.expiresAt()));
                if (connection.status() == ConnectionStatus.CONNECTED && tokens.isExpired(now)) {
                    json.add("status", EXPIRED).add("statusDetail", "The access token expired at "
                            + tokens.expiresAt() + " and cannot be renewed without you: connect again.");
                }
            }
        });
        return json.build();
    }
}
