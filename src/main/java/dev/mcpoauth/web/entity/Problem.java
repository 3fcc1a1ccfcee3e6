package dev.mcpoauth.web.entity;

import java.net.URI;

/**
 * The catalogue of problem types (RFC 9457 §3.1): a stable {@code type} URI, the HTTP status and
 * a plain-language title. Add a constant here rather than a new exception class. The OpenAPI
 * document lists every constant (see {@code ProblemResponsesFilter}).
 *
 * <p>The origin feature's OAuth error codes are not problem types of their own: the errors an
 * authorization server returns during a sign-in end the flow (its status carries the code), and
 * the others map onto this catalogue: {@code invalid_grant} → AUTHORIZATION_REQUIRED;
 * {@code server_error}, {@code temporarily_unavailable}, {@code network_error}, {@code timeout} →
 * UPSTREAM_UNAVAILABLE (MCP_UNAVAILABLE for the MCP server); {@code invalid_client},
 * {@code unauthorized_client}, {@code invalid_scope}, {@code invalid_request} from the server →
 * UPSTREAM_REJECTED; {@code invalid_redirect_uri}, {@code invalid_client_metadata} →
 * REGISTRATION_REJECTED; {@code registration_not_supported} → CLIENT_NOT_CONFIGURED;
 * {@code unsupported_response_type}, {@code unsupported_grant_type},
 * {@code pkce_verification_failed} → CONFIGURATION_MISMATCH; {@code metadata_discovery_failed} →
 * METADATA_NOT_FOUND, BAD_UPSTREAM_DOCUMENT, ISSUER_MISMATCH or RESOURCE_MISMATCH;
 * {@code authorization_timeout} → FLOW_FINISHED; anything else → INTERNAL_ERROR.
 */
public enum Problem {
    BAD_REQUEST(400, "bad-request", "The request is not valid"),
    INVALID_INPUT(400, "invalid-input", "Some fields of the request are not valid"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication required"),
    FORBIDDEN(403, "forbidden", "You are not allowed to do this"),
    ORIGIN_NOT_ALLOWED(403, "origin-not-allowed", "Requests from this site are not accepted"),
    CSRF_TOKEN_INVALID(403, "csrf-token-invalid", "This change did not come from a broker page"),
    INSUFFICIENT_SCOPE(403, "insufficient-scope", "The MCP server still refuses: the granted permissions are not enough"),
    NOT_FOUND(404, "not-found", "Nothing was found here"),
    RETURN_URL_NOT_ALLOWED(400, "return-url-not-allowed", "The return address is not on the broker's allow-list"),
    AUTHORIZATION_REQUIRED(409, "authorization-required", "You need to connect (sign in at the service) first"),
    REFRESH_UNAVAILABLE(409, "refresh-unavailable", "This connection cannot be refreshed: it has no refresh token"),
    FLOW_FINISHED(410, "flow-finished", "This sign-in has already ended"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "This method is not allowed here"),
    NOT_ACCEPTABLE(406, "not-acceptable", "The requested media type cannot be produced"),
    CONFLICT(409, "conflict", "The request conflicts with the current state"),
    SIGN_IN_THROTTLED(429, "sign-in-throttled", "Too many failed sign-ins; wait before trying again"),
    BODY_TOO_LARGE(413, "body-too-large", "The request body is too large"),
    JSON_TOO_DEEP(400, "json-too-deep", "The request body nests too deeply"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The request body has a media type this endpoint does not accept"),
    LIMIT_REACHED(429, "limit-reached", "You have too many of these open at once"),
    SERVER_CONFIGURATION_REFUSED(422, "server-configuration-refused", "This server configuration cannot work"),
    NOT_PROTECTED(422, "not-protected", "The MCP server does not ask for OAuth authorization"),
    URL_FORBIDDEN(422, "url-forbidden", "A URL breaks the broker's outbound URL policy"),
    CONFIGURATION_MISMATCH(409, "configuration-mismatch", "The server's configuration does not fit what it publishes"),
    SERVER_NOT_SET_UP(409, "server-not-set-up", "This server is not set up correctly"),
    CLIENT_NOT_CONFIGURED(409, "client-not-configured", "The broker cannot become a client of this authorization server on its own"),
    INTERNAL_ERROR(500, "internal-error", "Something went wrong on our side"),
    BAD_UPSTREAM_DOCUMENT(502, "bad-upstream-document", "A server sent a document the broker cannot use"),
    ISSUER_MISMATCH(502, "issuer-mismatch", "The authorization server's metadata names another issuer"),
    RESOURCE_MISMATCH(502, "resource-mismatch", "The MCP server's metadata describes another resource"),
    METADATA_NOT_FOUND(502, "metadata-not-found", "The server publishes no metadata the broker can find"),
    UPSTREAM_REDIRECT(502, "upstream-redirect", "A server answered with a redirect, which the broker does not follow"),
    UNSUPPORTED_AUTH_METHOD(502, "unsupported-auth-method", "The authorization server offers no client authentication the broker supports"),
    REGISTRATION_REJECTED(502, "registration-rejected", "The authorization server refused to register the broker"),
    UPSTREAM_REJECTED(502, "upstream-rejected", "The authorization server refused the request"),
    MCP_INVALID_PARAMS(422, "mcp-invalid-params", "The MCP server refused the name or the arguments"),
    MCP_NOT_FOUND(404, "mcp-not-found", "The MCP server has no such resource"),
    MCP_NOT_SUPPORTED(404, "mcp-not-supported", "The MCP server does not offer this"),
    MCP_SERVER_ERROR(502, "mcp-server-error", "The MCP server failed to answer the request"),
    MCP_PROTOCOL_MISMATCH(502, "mcp-protocol-mismatch", "The MCP server speaks no protocol revision the broker speaks"),
    MCP_INPUT_DECLINED(502, "mcp-input-declined", "The MCP server asked for input only a person's own client can give"),
    MCP_REJECTED(502, "mcp-rejected", "The MCP server refused the request"),
    MCP_UNAVAILABLE(503, "mcp-unavailable", "The MCP server is not answering; try again shortly"),
    UPSTREAM_UNAVAILABLE(503, "upstream-unavailable", "A server the broker depends on is not answering; try again shortly"),
    UNAVAILABLE(503, "unavailable", "The broker is not ready; try again shortly");

    static final String TYPE_PREFIX = "tag:mcpoauth.dev,2026:";

    final int status;
    final String slug;
    final String title;

    Problem(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Whether only connecting again (a new consent) can help. */
    public boolean requiresReauthorization() {
        return this == AUTHORIZATION_REQUIRED;
    }

    /** Whether the same request may succeed later without anyone changing anything. */
    public boolean isRetryable() {
        return this == UPSTREAM_UNAVAILABLE || this == UNAVAILABLE || this == MCP_UNAVAILABLE;
    }

    public URI type() {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** The catalogue entry for a bare HTTP status, for errors raised by the JAX-RS runtime itself. */
    public static Problem forStatus(int status) {
        for (Problem problem : values()) {
            if (problem.status == status && problem != INVALID_INPUT) {
                return problem;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}
