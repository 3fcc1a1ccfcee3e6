package dev.mcpoauth.authorization.control;

import java.util.Optional;

/**
 * What to tell about an {@code invalid_scope} refusal (RFC 6749 §4.1.2.1, §5.2): which scopes
 * were asked for, that asking again fails the same way, and the admin's ways out.
 */
public final class InvalidScope {

    /** Scope lists come from upstream and may be long: the message names a bounded prefix. */
    static final int MAX_SHOWN = 300;

    private InvalidScope() {}

    public static String message(Optional<String> requested) {
        String asked = requested.filter(scope -> !scope.isBlank())
                .map(scope -> "the scopes \u201c" + bounded(scope) + "\u201d")
                .orElse("no scope");
        return "The authorization server refused the requested permissions (invalid_scope): the broker asked for "
                + asked + ". Trying again will not help. An admin can set this MCP server's scopes override (or"
                + " sendScope false to send none), or register the broker at the authorization server and set its"
                + " client id on this MCP server.";
    }

    static String bounded(String scope) {
        return scope.length() > MAX_SHOWN ? scope.substring(0, MAX_SHOWN) + "…" : scope;
    }
}
