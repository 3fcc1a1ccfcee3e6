package dev.mcpoauth.token.entity;

import java.time.Instant;
import java.util.Optional;

/** A usable bearer token for one MCP server; only ever sent in an Authorization header. */
public record AccessToken(String value, Instant expiresAt, String scopes) {

    public Optional<String> scope() {
        return Optional.ofNullable(scopes);
    }

    public String authorizationHeader() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
