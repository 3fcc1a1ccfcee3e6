package dev.mcpoauth.mcp.control;

import dev.mcpoauth.token.entity.AccessToken;
import java.util.function.Supplier;

/**
 * Where a session gets the access token for its next operation. It is asked on the caller's
 * thread before every operation (so a token refreshed in between is used at once) and may read
 * request-scoped state; an exception it throws reaches the caller unchanged.
 */
@FunctionalInterface
public interface TokenSource {

    String accessToken();

    /** The token with its DPoP key when it is bound (RFC 9449); a bearer token unless overridden. */
    default AccessToken token() {
        return new AccessToken(accessToken(), null, null);
    }

    /** A source of stored tokens, bearer or DPoP-bound; asked once per operation. */
    static TokenSource of(Supplier<AccessToken> tokens) {
        return new TokenSource() {
            @Override
            public String accessToken() {
                return tokens.get().value();
            }

            @Override
            public AccessToken token() {
                return tokens.get();
            }
        };
    }
}
