package dev.mcpoauth.oauth.entity;

import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;

/**
 * Bad or unusable input from an upstream server (resource server, authorization server,
 * registration endpoint). The message is plain language for people and never carries a secret;
 * the {@link Reason} is stable so it can be mapped to a problem type.
 */
public class DiscoveryException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The document is not JSON, not an object, too large, or has missing or mistyped members. */
        BAD_UPSTREAM_DOCUMENT(Problem.BAD_UPSTREAM_DOCUMENT),
        /** AS metadata names another issuer than the one it was fetched for (RFC 8414 §3.3). */
        ISSUER_MISMATCH(Problem.ISSUER_MISMATCH),
        /** Protected-resource metadata describes another resource (RFC 9728 §3.3). */
        RESOURCE_MISMATCH(Problem.RESOURCE_MISMATCH),
        /** A URL learned from the network breaks the outbound URL policy. */
        URL_FORBIDDEN(Problem.URL_FORBIDDEN),
        /** Nothing at this location (HTTP 4xx): the caller may try the next candidate. */
        NOT_FOUND(Problem.METADATA_NOT_FOUND),
        /** The server answered with a redirect; redirects are never followed. */
        REDIRECT_NOT_FOLLOWED(Problem.UPSTREAM_REDIRECT),
        /** Network failure, timeout or HTTP 5xx. */
        UPSTREAM_UNAVAILABLE(Problem.UPSTREAM_UNAVAILABLE),
        /** The authorization server accepts no token endpoint authentication method the broker can use. */
        UNSUPPORTED_AUTH_METHOD(Problem.UNSUPPORTED_AUTH_METHOD),
        /** The MCP server answered an unauthenticated request without asking for authorization. */
        NOT_PROTECTED(Problem.NOT_PROTECTED),
        /** The admin's configuration does not fit what the servers publish (e.g. an issuer they do not list). */
        CONFIGURATION_MISMATCH(Problem.CONFIGURATION_MISMATCH),
        /** The authorization server offers no way for the broker to become its client. */
        NO_CLIENT_AVAILABLE(Problem.CLIENT_NOT_CONFIGURED),
        /** The authorization server refused the dynamic client registration (RFC 7591 §3.2.2). */
        REGISTRATION_REJECTED(Problem.REGISTRATION_REJECTED);

        final Problem problem;

        Reason(Problem problem) {
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }

        /** Whether a discovery loop should go on with its next well-known candidate. */
        public boolean tryNextCandidate() {
            return this == NOT_FOUND || this == REDIRECT_NOT_FOLLOWED;
        }
    }

    private final Reason reason;

    public DiscoveryException(Reason reason, String message) {
        super(reason.problem(), message);
        this.reason = reason;
    }

    public DiscoveryException(Reason reason, String message, Throwable cause) {
        super(reason.problem(), message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
