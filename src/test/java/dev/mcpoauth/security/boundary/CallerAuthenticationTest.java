package dev.mcpoauth.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.security.control.BrowserSessions;
import dev.mcpoauth.security.control.CredentialCheck;
import dev.mcpoauth.security.control.PasswordHashes;
import dev.mcpoauth.security.control.PasswordIdentityStore;
import dev.mcpoauth.security.control.SignInThrottle;
import dev.mcpoauth.security.entity.ConfiguredUser;
import dev.mcpoauth.security.entity.JwtCredential;
import dev.mcpoauth.security.entity.SignedIn;
import dev.mcpoauth.testing.SettableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerAuthenticationTest {

    static final String PASSWORD = "alice-secret";


    final List<Credential> validated = new ArrayList<>();
    final List<CredentialValidationResult> loggedIn = new ArrayList<>();
    final Map<String, String> responseHeaders = new HashMap<>();
    final StringWriter body = new StringWriter();
    int status = 200;
    String contentType;

    static final String HASH = PasswordHashes.hash(PASSWORD.toCharArray(), 1_000);

    final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));

    final CallerAuthentication mechanism = new CallerAuthentication();
    final PasswordIdentityStore passwords = new PasswordIdentityStore(
            List.of(new ConfiguredUser("alice", HASH, Set.of("mcp-user"))), clock);
    String remoteAddress = "192.0.2.1";

    final BrowserSessions sessions = new BrowserSessions(clock, Duration.ofMinutes(30), Duration.ofHours(8));
    final Map<String, Object> sessionAttributes = new HashMap<>();
    HttpSession session;
    String method = "GET";
    final Map<String, String> requestHeaders = new HashMap<>();
    final List<java.security.Principal> sessionLogins = new ArrayList<>();

    CallerAuthenticationTest() {
        mechanism.sessions = sessions;
        IdentityStoreHandler identityStores = credential -> {
            validated.add(credential);
            boolean alice = credential instanceof UsernamePasswordCredential login
                    && login.compareTo("alice", PASSWORD);
            boolean token = credential instanceof JwtCredential jwt && jwt.token().equals("good.jwt.token");
            return alice || token
                    ? new CredentialValidationResult("alice", Set.of("mcp-user"))
                    : CredentialValidationResult.INVALID_RESULT;
        };
        mechanism.credentials = new CredentialCheck(identityStores, passwords,
                new SignInThrottle(clock, 2, 3, Duration.ofMinutes(5), 100));
    }

    AuthenticationStatus request(String path, String authorization, boolean protectedPath) {
        HttpServletRequest request = Fakes.of(HttpServletRequest.class, Map.of(
                "getHeader", args -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization
                        : requestHeaders.get((String) args[0]),
                "getRequestURI", args -> path,
                "getQueryString", args -> null,
                "getMethod", args -> method,
                "getContentType", args -> "application/json",
                "getSession", args -> session != null || !(Boolean) args[0] ? session : newSession(),
                "getRemoteAddr", args -> remoteAddress,
                "getContextPath", args -> ""));
        HttpServletResponse response = Fakes.of(HttpServletResponse.class, Map.of(
                "setStatus", args -> status = (Integer) args[0],
                "setHeader", args -> responseHeaders.put((String) args[0], (String) args[1]),
                "setContentType", args -> contentType = (String) args[0],
                "setCharacterEncoding", args -> null,
                "getWriter", args -> new PrintWriter(body, true)));
        HttpMessageContext context = Fakes.of(HttpMessageContext.class, Map.of(
                "isProtected", args -> protectedPath,
                "doNothing", args -> AuthenticationStatus.NOT_DONE,
                "notifyContainerAboutLogin", args -> {
                    if (args[0] instanceof CredentialValidationResult result) {
                        loggedIn.add(result);
                    } else {
                        sessionLogins.add((java.security.Principal) args[0]);
                    }
                    return AuthenticationStatus.SUCCESS;
                }));
        return mechanism.validateRequest(request, response, context);
    }

    HttpSession newSession() {
        session = Fakes.of(HttpSession.class, Map.of(
                "getAttribute", args -> sessionAttributes.get((String) args[0]),
                "setAttribute", args -> sessionAttributes.put((String) args[0], args[1]),
                "setMaxInactiveInterval", args -> null,
                "invalidate", args -> {
                    sessionAttributes.clear();
                    session = null;
                    return null;
                }));
        return session;
    }

    SignedIn signInAlice() {
        HttpServletRequest request = Fakes.of(HttpServletRequest.class, Map.of(
                "getSession", args -> session != null || !(Boolean) args[0] ? session : newSession()));
        return sessions.begin(request, "basic:alice", "alice", Set.of("mcp-user"), "form");
    }

    static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    JsonObject problem() {
        return Json.createReader(new StringReader(body.toString())).readObject();
    }

    void assertUnauthorized(AuthenticationStatus result, String path) {
        assertThat(result).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(status).isEqualTo(401);
        assertThat(responseHeaders).containsEntry("WWW-Authenticate",
                "Basic realm=\"mcp-oauth-broker\", Bearer realm=\"mcp-oauth-broker\"");
        assertThat(contentType).isEqualTo("application/problem+json");
        JsonObject problem = problem();
        assertThat(problem.getString("type")).isEqualTo("tag:mcpoauth.dev,2026:unauthenticated");
        assertThat(problem.getString("title")).isEqualTo("Authentication required");
        assertThat(problem.getInt("status")).isEqualTo(401);
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(problem.getString("instance")).isEqualTo(path);
        assertThat(loggedIn).isEmpty();
    }

    @Test
    void letsAnonymousCallersReachPublicPaths() {
        assertThat(request("/oauth/callback", null, false)).isEqualTo(AuthenticationStatus.NOT_DONE);
        assertThat(body.toString()).isEmpty();
        assertThat(validated).isEmpty();
    }

    @Test
    void challengesAnonymousCallersOnProtectedPaths() {
        assertUnauthorized(request("/api/v1/me", null, true), "/api/v1/me");
        assertThat(problem().getString("detail")).contains("requires authentication");
    }

    @Test
    void logsInACallerWithValidBasicCredentials() {
        assertThat(request("/api/v1/me", basic("alice:" + PASSWORD), true)).isEqualTo(AuthenticationStatus.SUCCESS);
        assertThat(loggedIn).singleElement()
                .satisfies(result -> assertThat(result.getCallerPrincipal().getName()).isEqualTo("alice"));
    }

    @Test
    void logsInACallerWithAValidBearerToken() {
        assertThat(request("/api/v1/me", "Bearer good.jwt.token", true)).isEqualTo(AuthenticationStatus.SUCCESS);
        assertThat(validated).singleElement().isInstanceOf(JwtCredential.class);
    }

    @Test
    void rejectsAWrongPasswordWithoutEchoingIt() {
        assertUnauthorized(request("/api/v1/me", basic("alice:wrong-guess"), true), "/api/v1/me");
        assertThat(body.toString()).doesNotContain("wrong-guess");
    }

    @Test
    void rejectsAnInvalidBearerTokenEvenOnPublicPaths() {
        assertUnauthorized(request("/health", "Bearer bad.jwt.token", false), "/health");
        assertThat(body.toString()).doesNotContain("bad.jwt.token");
    }

    @Test
    void rejectsMalformedHeadersWithoutAskingTheStores() {
        for (String header : new String[] {"Basic not*base64", basic("nocolon"), "Negotiate abc", "Bearer"}) {
            body.getBuffer().setLength(0);

            assertUnauthorized(request("/api/servers", header, true), "/api/servers");
        }
        assertThat(validated).isEmpty();
    }

    @Test
    void throttlesRepeatedFailuresWith429AndRetryAfterBeforeAskingTheStores() {
        request("/api/v1/me", basic("alice:guess-1"), true);
        request("/api/v1/me", basic("alice:guess-2"), true);
        validated.clear();
        responseHeaders.clear();
        body.getBuffer().setLength(0);
        clock.advance(Duration.ofSeconds(100));

        AuthenticationStatus third = request("/api/v1/me", basic("alice:guess-3"), true);

        assertThat(third).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(status).isEqualTo(429);
        assertThat(responseHeaders).containsEntry("Retry-After", "200").doesNotContainKey("WWW-Authenticate");
        assertThat(problem().getString("type")).isEqualTo("tag:mcpoauth.dev,2026:sign-in-throttled");
        assertThat(body.toString()).doesNotContain("guess-3");
        assertThat(validated).as("no PBKDF2 run for a throttled attempt").isEmpty();
        clock.advance(Duration.ofSeconds(200));
        assertThat(request("/api/v1/me", basic("alice:" + PASSWORD), true)).isEqualTo(AuthenticationStatus.SUCCESS);
    }

    @Test
    void letsCredentialsVerifiedAMomentAgoThroughAThrottledAddress() {
        passwords.validate(new UsernamePasswordCredential("alice", PASSWORD));
        for (int i = 0; i < 3; i++) {
            request("/api/v1/me", basic("user" + i + ":guess"), true);
        }
        assertThat(request("/api/v1/me", basic("bob:guess"), true)).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(status).isEqualTo(429);

        assertThat(request("/api/v1/me", basic("alice:" + PASSWORD), true)).isEqualTo(AuthenticationStatus.SUCCESS);
    }

    @Test
    void sendsABrowserWithoutSessionFromTheStartLinkToTheSignInPageAndBack() {
        AuthenticationStatus result = request("/oauth/start/flow-1", null, true);

        assertThat(result).isEqualTo(AuthenticationStatus.SEND_CONTINUE);
        assertThat(status).isEqualTo(303);
        assertThat(responseHeaders).containsEntry("Location", "/signin?return=%2Foauth%2Fstart%2Fflow-1")
                .doesNotContainKey("WWW-Authenticate");
        assertUnauthorized(request("/api/v1/me", null, true), "/api/v1/me");
    }

    @Test
    void answersAPagesOwnFetchWithoutABasicChallengeSoNoPasswordDialogOpens() {
        requestHeaders.put("Sec-Fetch-Mode", "cors");

        request("/api/v1/me", null, true);

        assertThat(status).isEqualTo(401);
        assertThat(responseHeaders).containsEntry("WWW-Authenticate", "Bearer realm=\"mcp-oauth-broker\"");
    }

    @Test
    void knowsASignedInBrowserByItsSessionAndLetsItRead() {
        signInAlice();

        assertThat(request("/api/v1/connections", null, true)).isEqualTo(AuthenticationStatus.SUCCESS);

        assertThat(sessionLogins).singleElement().extracting(java.security.Principal::getName).isEqualTo("basic:alice");
        assertThat(validated).isEmpty();
    }

    @Test
    void refusesAChangeWithTheSessionCookieButWithoutItsCsrfToken() {
        SignedIn alice = signInAlice();
        method = "POST";

        assertThat(request("/api/v1/connections/c1/refresh", null, true)).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(status).isEqualTo(403);
        assertThat(problem().getString("type")).isEqualTo("tag:mcpoauth.dev,2026:csrf-token-invalid");
        assertThat(sessionLogins).isEmpty();

        requestHeaders.put("X-CSRF-Token", alice.csrfToken() + "x");
        assertThat(request("/api/v1/connections/c1/refresh", null, true)).isEqualTo(AuthenticationStatus.SEND_FAILURE);

        requestHeaders.put("X-CSRF-Token", alice.csrfToken());
        assertThat(request("/api/v1/connections/c1/refresh", null, true)).isEqualTo(AuthenticationStatus.SUCCESS);
        assertThat(sessionLogins).hasSize(1);
    }

    @Test
    void endsASessionAtItsMaximumAgeWhateverTheActivity() {
        signInAlice();
        clock.advance(Duration.ofHours(8));

        assertUnauthorized(request("/api/v1/me", null, true), "/api/v1/me");
        assertThat(session).as("the expired session is invalidated").isNull();
    }
}
