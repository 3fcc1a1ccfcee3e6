package dev.mcpoauth.token.entity;

import dev.mcpoauth.dpop.entity.DpopKey;
import java.time.Instant;
import java.util.Optional;

/**
 * A usable access token for one MCP server; only ever sent in an Authorization header. A
 * DPoP-bound one (RFC 9449 §7.1) carries its key: it goes with the {@code DPoP} scheme and a proof.
 */
public record AccessToken(String value, Instant expiresAt, String scopes, DpopKey dpopKey) {

    public AccessToken(String value, Instant expiresAt, String scopes) {
        this(value, expiresAt, scopes, null);
    }

    public Optional<String> scope() {
        return Optional.ofNullable(scopes);
    }

    public Optional<DpopKey> dpop() {
        return Optional.ofNullable(dpopKey);
    }

    public String authorizationHeader() {
        return (dpopKey == null ? "Bearer " : "DPoP ") + value;
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", scopes=" + scopes + (dpopKey == null ? "" : ", " + dpopKey)
                + "]";
    }
}
