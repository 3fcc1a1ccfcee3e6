package dev.mcpoauth.mcp.entity;

import dev.mcpoauth.oauth.entity.BearerChallenge;
import java.util.List;
import java.util.Optional;

/**
 * The MCP server refused the access token: 401 (missing, expired or revoked token: read the
 * challenge again and re-authorize) or 403 (RFC 6750 §3.1 {@code insufficient_scope}: step up to
 * the challenged scopes, MCP authorization "Scope Challenge Handling").
 */
public class McpAuthorizationException extends McpSessionException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient BearerChallenge challenge;

    public McpAuthorizationException(int status, Optional<BearerChallenge> challenge) {
        super(Reason.AUTHORIZATION, describe(status, challenge.orElse(null)), null);
        this.status = status;
        this.challenge = challenge.orElse(null);
    }

    public int status() {
        return status;
    }

    /** The Bearer challenge of {@code WWW-Authenticate}; empty when absent or malformed. */
    public Optional<BearerChallenge> challenge() {
        return Optional.ofNullable(challenge);
    }

    /** 401: the token is not (or no longer) accepted; a new authorization may be needed. */
    public boolean isUnauthorized() {
        return status == 401;
    }

    /** 403 with {@code error="insufficient_scope"}: the step-up signal. */
    public boolean isInsufficientScope() {
        return status == 403 && challenge != null && challenge.isInsufficientScope();
    }

    public List<String> challengedScopes() {
        return challenge == null ? List.of() : challenge.scopes();
    }

    /** The RFC 9728 metadata URL the challenge names, if any. */
    public Optional<String> resourceMetadata() {
        return challenge().map(BearerChallenge::resourceMetadata);
    }

    static String describe(int status, BearerChallenge challenge) {
        String error = challenge == null ? null : challenge.error();
        return "The MCP server answered " + status + (error == null ? "" : " (" + error + ")") + ".";
    }
}
