package dev.mcpoauth.discovery.entity;

import dev.mcpoauth.oauth.entity.BearerChallenge;
import java.util.List;
import java.util.Optional;

/**
 * What an MCP server answered to an unauthenticated request: its status, any Bearer challenge,
 * and whether its {@code WWW-Authenticate} header was malformed (and so told nothing).
 */
public record Probe(int status, Optional<BearerChallenge> challenge, boolean challengeMalformed) {

    public Probe {
        challenge = challenge == null ? Optional.empty() : challenge;
    }

    public Probe(int status, Optional<BearerChallenge> challenge) {
        this(status, challenge, false);
    }

    public boolean demandsAuthorization() {
        return status == 401;
    }

    public List<String> challengedScopes() {
        return challenge.map(BearerChallenge::scopes).orElse(List.of());
    }
}
