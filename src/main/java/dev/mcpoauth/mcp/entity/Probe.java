package dev.mcpoauth.mcp.entity;

import java.util.List;
import java.util.Optional;

/** What an MCP server answered to an unauthenticated request: its status and any Bearer challenge. */
public record Probe(int status, Optional<BearerChallenge> challenge) {

    public Probe {
        challenge = challenge == null ? Optional.empty() : challenge;
    }

    public boolean demandsAuthorization() {
        return status == 401;
    }

    public List<String> challengedScopes() {
        return challenge.map(BearerChallenge::scopes).orElse(List.of());
    }
}
