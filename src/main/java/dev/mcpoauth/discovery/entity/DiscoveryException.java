package dev.mcpoauth.discovery.entity;

/**
 * Bad or unusable input from an upstream server (resource server, authorization server,
 * registration endpoint). The message is plain language for people and never carries a secret;
 * the {@link Reason} is stable so it can be mapped to a problem type.
 */
public class DiscoveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The document is not JSON, not an object, too large, or has missing or mistyped members. */
        BAD_UPSTREAM_DOCUMENT,
        /** AS metadata names another issuer than the one it was fetched for (RFC 8414 §3.3). */
        ISSUER_MISMATCH,
        /** Protected-resource metadata describes another resource (RFC 9728 §3.3). */
        RESOURCE_MISMATCH,
        /** A URL learned from the network breaks the outbound URL policy. */
        URL_FORBIDDEN,
        /** Nothing at this location (HTTP 4xx): the caller may try the next candidate. */
        NOT_FOUND,
        /** The server answered with a redirect; redirects are never followed. */
        REDIRECT_NOT_FOLLOWED,
        /** Network failure, timeout or HTTP 5xx. */
        UPSTREAM_UNAVAILABLE,
        /** The authorization server accepts no token endpoint authentication method the broker can use. */
        UNSUPPORTED_AUTH_METHOD;

        /** Whether a discovery loop should go on with its next well-known candidate. */
        public boolean tryNextCandidate() {
            return this == NOT_FOUND || this == REDIRECT_NOT_FOLLOWED;
        }
    }

    private final Reason reason;

    public DiscoveryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DiscoveryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
