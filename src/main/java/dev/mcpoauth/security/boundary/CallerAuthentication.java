package dev.mcpoauth.security.boundary;

import dev.mcpoauth.security.control.BrowserSessions;
import dev.mcpoauth.security.control.CredentialCheck;
import dev.mcpoauth.security.control.FormSignIn;
import dev.mcpoauth.security.control.OpenIdSignIn;
import dev.mcpoauth.security.control.SignInPage;
import dev.mcpoauth.security.entity.JwtCredential;
import dev.mcpoauth.security.entity.SignedIn;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemDetail;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The one authentication mechanism. Programs send HTTP Basic for configured users or Bearer JWTs, validated by
 * the identity stores on every request; people in a browser sign in once (the form at {@code /signin}, or the
 * organisation's OpenID provider at {@code /signin/oidc}) and are then known by their session cookie, whose every
 * state-changing request must carry the session's CSRF token. Failures answer 401 with both challenges
 * (RFC 9110 §11.6.1) and an RFC 9457 problem; after too many failures for a user name or from an address, 429
 * until the window ends (except for credentials verified a moment ago, so that someone else's guesses do not lock
 * a signed-in user out). A browser page that needs a caller sends the person to the sign-in page instead.
 *
 * <p>An alternative with a priority, so that it, not the OpenID Connect mechanism that
 * {@link dev.mcpoauth.security.control.OidcSignIn} defines beside it, is the application's mechanism (Jakarta
 * Security 3.0 has one); that one is asked only at {@code /signin/oidc}.
 */
@Alternative
@Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION)
@ApplicationScoped
public class CallerAuthentication implements HttpAuthenticationMechanism, OpenIdSignIn.SessionAware {

    static final String REALM = "mcp-oauth-broker";
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\", Bearer realm=\"" + REALM + "\"";
    // what a page's own fetch gets: a challenge no browser answers with its password dialog
    static final String PAGE_CHALLENGE = "Bearer realm=\"" + REALM + "\"";
    static final String BROWSER_PATHS = "/oauth/";

    @Inject
    CredentialCheck credentials;

    @Inject
    BrowserSessions sessions;

    @Inject
    FormSignIn formSignIn;

    @Inject
    OpenIdSignIn openIdSignIn;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header != null && !header.isBlank()) {
            return fromHeader(header, request, response, context);
        }
        String path = relativePath(request);
        if (SignInPage.PATH.equals(path) && "POST".equalsIgnoreCase(request.getMethod())) {
            return seeOther(response, formSignIn.submit(request));
        }
        if (OpenIdSignIn.handles(path)) {
            return openIdSignIn.handle(path, request, response, context)
                    .map(location -> seeOther(response, location))
                    .orElse(AuthenticationStatus.SEND_CONTINUE);
        }
        Optional<SignedIn> signedIn = sessions.current(request);
        if (signedIn.isPresent()) {
            if (!BrowserSessions.passesCsrfCheck(signedIn.get(), request)) {
                return failure(request, response, Problem.CSRF_TOKEN_INVALID, "This change did not carry the page's CSRF token (header " + BrowserSessions.CSRF_HEADER
                                + "). Reload the page and try again.");
            }
            return context.notifyContainerAboutLogin(signedIn.get().principal(), signedIn.get().groups());
        }
        return context.isProtected()
                ? unauthorized(request, response, "This resource requires authentication: sign in, or send HTTP"
                        + " Basic credentials or a Bearer token.")
                : context.doNothing();
    }

    private AuthenticationStatus fromHeader(String header, HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Credential credential;
        try {
            credential = AuthorizationHeader.parse(header);
        } catch (IllegalArgumentException malformed) {
            return unauthorized(request, response, malformed.getMessage());
        }
        try {
            CredentialCheck.Outcome outcome = credentials.check(credential, request.getRemoteAddr());
            if (outcome.throttledFor().isPresent()) {
                return throttled(request, response, outcome.throttledFor().get());
            }
            if (outcome.isValid()) {
                return context.notifyContainerAboutLogin(outcome.result());
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
        if (isBrowserPage(request)) {
            String query = request.getQueryString();
            return seeOther(response, SignInPage.forReturn(relativePath(request) + (query == null ? "" : "?" + query)));
        }
        response.setHeader("WWW-Authenticate", isPageFetch(request) ? PAGE_CHALLENGE : CHALLENGE);
        return failure(request, response, Problem.UNAUTHENTICATED, detail);
    }

    static boolean isBrowserPage(HttpServletRequest request) {
        return relativePath(request).startsWith(BROWSER_PATHS);
    }

    /** A request a page's script made (Fetch Metadata): answered without a Basic challenge, so no password dialog. */
    static boolean isPageFetch(HttpServletRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        return mode != null && !mode.toLowerCase(Locale.ROOT).equals("navigate");
    }

    static String relativePath(HttpServletRequest request) {
        String path = request.getRequestURI();
        String context = request.getContextPath();
        return path == null ? "" : path.substring(context == null ? 0 : Math.min(context.length(), path.length()));
    }

    // RFC 9110 §15.4.4: the browser follows with a GET, whatever the method was
    static AuthenticationStatus seeOther(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
        return AuthenticationStatus.SEND_CONTINUE;
    }

    // RFC 6585 §4: 429 with Retry-After; checked before any PBKDF2 run, so throttled guesses cost the broker nothing
    static AuthenticationStatus throttled(HttpServletRequest request, HttpServletResponse response, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        response.setHeader("Retry-After", Long.toString(seconds));
        return failure(request, response, Problem.SIGN_IN_THROTTLED, "Too many sign-ins failed for this user or from this address. Try again in " + seconds + " seconds.");
    }

    // the shape every other problem has (ProblemDetail), written here because no JAX-RS resource answers
    private static AuthenticationStatus failure(HttpServletRequest request, HttpServletResponse response,
            Problem problem, String detail) {
        response.setStatus(problem.status());
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(ProblemDetail.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        try {
            response.getWriter().write(ProblemDetail.of(problem, detail, request.getRequestURI()).toJSON().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the 401 response", e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
