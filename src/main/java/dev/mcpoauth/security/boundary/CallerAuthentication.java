package dev.mcpoauth.security.boundary;

import dev.mcpoauth.security.control.PasswordIdentityStore;
import dev.mcpoauth.security.control.SignInThrottle;
import dev.mcpoauth.security.entity.JwtCredential;
import dev.mcpoauth.web.entity.Page;
import dev.mcpoauth.web.entity.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one authentication mechanism: HTTP Basic for configured users and Bearer JWTs, validated by the identity
 * stores. Failures answer 401 with both challenges (RFC 9110 §11.6.1) and an RFC 9457 problem; after too many
 * failures for a user name or from an address, 429 until the window ends (except for credentials verified a
 * moment ago, so that someone else's guesses do not lock a signed-in user out).
 */
@ApplicationScoped
public class CallerAuthentication implements HttpAuthenticationMechanism {

    static final String REALM = "mcp-oauth-broker";
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\", Bearer realm=\"" + REALM + "\"";
    static final String BROWSER_PATHS = "/oauth/";
    static final String BROWSER_CHALLENGE = "Basic realm=\"" + REALM + " sign-in start\", charset=\"UTF-8\"";
    static final String PROBLEM_TYPE = "tag:mcpoauth.dev,2026:unauthenticated";
    static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    PasswordIdentityStore passwords;

    @Inject
    SignInThrottle throttle;

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
        String user = credential instanceof UsernamePasswordCredential login ? login.getCaller() : null;
        String address = request.getRemoteAddr();
        try {
            Optional<Duration> wait = throttle.retryAfter(user, address);
            if (wait.isPresent() && !passwords.remembers(credential)) {
                return throttled(request, response, wait.get());
            }
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                throttle.succeeded(user);
                return context.notifyContainerAboutLogin(result);
            }
            throttle.failed(user, address);
        } finally {
            credential.clear();
        }
        return unauthorized(request, response, credential instanceof JwtCredential
                ? "The bearer token was not accepted."
                : "The user name or password was not accepted.");
    }

    // SEND_FAILURE rather than responseUnauthorized(): that calls sendError(401), which would discard the problem body
    static AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response, String detail) {
        if (isBrowserPage(request)) {
            return browserUnauthorized(response);
        }
        response.setHeader("WWW-Authenticate", CHALLENGE);
        return failure(request, response, HttpServletResponse.SC_UNAUTHORIZED, PROBLEM_TYPE, "Authentication required",
                detail);
    }

    static boolean isBrowserPage(HttpServletRequest request) {
        String path = request.getRequestURI();
        String context = request.getContextPath();
        return path != null && path.substring(context == null ? 0 : Math.min(context.length(), path.length()))
                .startsWith(BROWSER_PATHS);
    }

    /*
     * The start link is opened in a browser, which may ask its user for the broker password. Its challenge names a
     * realm of its own: a browser keeps the password for that realm and for the paths under /oauth/start/ only
     * (RFC 7617 §2.2), where it can open nothing but its owner's flows; no API response ever challenges with that
     * realm, so the browser does not offer the password to /api. A person reads a page, not a problem document.
     */
    private static AuthenticationStatus browserUnauthorized(HttpServletResponse response) {
        response.setHeader("WWW-Authenticate", BROWSER_CHALLENGE);
        Page page = new Page(HttpServletResponse.SC_UNAUTHORIZED, "Sign in to the broker",
                "This link starts connecting one of your accounts. Sign in with your broker account to continue,"
                        + " or open the link again from the application that gave it to you.", false);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        Page.HEADERS.forEach(response::setHeader);
        try {
            response.getWriter().write(page.html());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the 401 page", e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    // RFC 6585 §4: 429 with Retry-After; checked before any PBKDF2 run, so throttled guesses cost the broker nothing
    static AuthenticationStatus throttled(HttpServletRequest request, HttpServletResponse response, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        response.setHeader("Retry-After", Long.toString(seconds));
        Problem problem = Problem.SIGN_IN_THROTTLED;
        return failure(request, response, problem.status(), problem.type().toString(), problem.title(),
                "Too many sign-ins failed for this user or from this address. Try again in " + seconds + " seconds.");
    }

    private static AuthenticationStatus failure(HttpServletRequest request, HttpServletResponse response, int status,
            String type, String title, String detail) {
        JsonObject problem = Json.createObjectBuilder()
                .add("type", type)
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .add("instance", request.getRequestURI())
                .build();
        var json = new StringWriter();
        Json.createWriter(json).writeObject(problem);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
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
