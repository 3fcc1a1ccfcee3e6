package dev.mcpoauth.mcp.control;

/**
 * Where a session gets the access token for its next operation. It is asked on the caller's
 * thread before every operation (so a token refreshed in between is used at once) and may read
 * request-scoped state; an exception it throws reaches the caller unchanged.
 */
@FunctionalInterface
public interface TokenSource {

    String accessToken();
}
