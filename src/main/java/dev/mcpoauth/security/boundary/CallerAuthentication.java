package dev.mcpoauth.security.boundary;

import dev.mcpoauth.security.entity.JwtCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one authentication mechanism: HTTP Basic for configured users and Bearer JWTs, validated by the identity
 * stores. Failures answer 401 with both challenges (RFC 9110 §11.6.1) and an RFC 9457 problem.
 */
@ApplicationScoped
public class CallerAuthentication implements HttpAuthenticationMechanism {

    static final String REALM = "mcp-oauth-broker";
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\", Bearer realm=\"" + REALM + "\"";
    static final String PROBLEM_TYPE = "tag:mcpoauth.dev,2026:unauthenticated";
    static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return context.isProtected()
                    ? unauthorized(request, response, "This resource requires authentication: send HTTP Basic"
                            + " credentials or a Bearer token.")
                    : context.doNothing();
        }
        Credential credential;
        try {
            credential = AuthorizationHeader.parse(header);
        } catch (IllegalArgumentException malformed) {
            return unauthorized(request, response, malformed.getMessage());
        }
        try {
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return context.notifyContainerAboutLogin(result);
            }
        } finally {
            credential.clear();
        }
        return unauthorized(request, response, credential instanceof JwtCredential
                ? "The bearer token was not accepted."
                : "The user name or password was not accepted.");
    }

    // SEND_FAILURE rather than responseUnauthorized(): that calls sendError(401), which would discard the problem body
    static AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response, String detail) {
        JsonObject problem = Json.createObjectBuilder()
                .add("type", PROBLEM_TYPE)
                .add("title", "Authentication required")
                .add("status", HttpServletResponse.SC_UNAUTHORIZED)
                .add("detail", detail)
                .add("instance", request.getRequestURI())
                .build();
        var json = new StringWriter();
        Json.createWriter(json).writeObject(problem);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", CHALLENGE);
        response.setContentType(PROBLEM_JSON);
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write(json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the 401 response", e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
