package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The browser session on the real server: form sign-in, the cookie's attributes, the CSRF token on every change,
 * the pages' headers, sign-in for the start link, and sign-out. What a real browser adds (OpenID Connect at a real
 * provider, SSE, pages, cross-site forms) is {@code BrowserIT}'s.
 */
@ArquillianTest
class BrowserSessionIT {

    static final String OWN_ORIGIN = "Origin";

    final BrokerClient broker = BrokerClient.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    String ownOrigin() {
        String root = broker.root().toString();
        return root.substring(0, root.length() - 1);
    }

    HttpResponse<String> signIn(String user, String password, String returnPath, String origin) {
        String form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&return=" + URLEncoder.encode(returnPath, StandardCharsets.UTF_8);
        return broker.send(HttpRequest.newBuilder(broker.uri("signin"))
                .POST(HttpRequest.BodyPublishers.ofString(form)),
                "Content-Type", "application/x-www-form-urlencoded", OWN_ORIGIN, origin);
    }

    static String sessionCookie(HttpResponse<String> response) {
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.split(";", 2)[0];
    }

    HttpResponse<String> withCookie(String method, String path, String cookie, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(broker.uri(path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .header("Cookie", cookie);
        if (!method.equals("GET")) {
            request.header("Content-Type", "application/json").header(OWN_ORIGIN, ownOrigin());
        }
        return broker.send(request, headers);
    }

    @Test
    void signsInWithTheFormAndKnowsThePersonByAnHttpOnlySameSiteCookie() {
        HttpResponse<String> signedIn = signIn("alice", "alice-password", "/admin", ownOrigin());

        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/admin");
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("mcpoauth_session=").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").doesNotContainIgnoringCase("Secure");

        JsonObject me = json(withCookie("GET", "api/v1/me", sessionCookie(signedIn)));
        assertThat(me.getString("id")).isEqualTo("basic:alice");
        assertThat(me.getJsonObject("session").getString("method")).isEqualTo("form");
        assertThat(me.getJsonObject("session").getString("csrfToken")).hasSizeGreaterThan(40);
    }

    @Test
    void refusesAWrongPasswordAndAFormPostedFromAnotherSite() {
        HttpResponse<String> wrong = signIn("bob", "not-bobs-password", "/", ownOrigin());
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).hasValue("/signin?error=invalid&return=%2F");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> forged = signIn("bob", "bob-password", "/", "http://evil.example");
        assertThat(forged.headers().firstValue("Location")).hasValue("/signin?error=csrf&return=%2F");
        assertThat(forged.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void needsTheSessionsCsrfTokenForEveryChangeMadeWithTheCookie() {
        String cookie = sessionCookie(signIn("bob", "bob-password", "/", ownOrigin()));
        String token = json(withCookie("GET", "api/v1/me", cookie)).getJsonObject("session").getString("csrfToken");

        HttpResponse<String> without = withCookie("POST", "api/v1/connections/none/refresh", cookie);
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(json(without).getString("type")).isEqualTo("tag:mcpoauth.dev,2026:csrf-token-invalid");

        HttpResponse<String> wrong = withCookie("POST", "api/v1/connections/none/refresh", cookie,
                "X-CSRF-Token", token.substring(1));
        assertThat(wrong.statusCode()).isEqualTo(403);

        HttpResponse<String> with = withCookie("POST", "api/v1/connections/none/refresh", cookie,
                "X-CSRF-Token", token);
        assertThat(with.statusCode()).as("past the CSRF check, the connection is looked up").isEqualTo(404);
    }

    @Test
    void signOutEndsTheSessionForGood() {
        String cookie = sessionCookie(signIn("bob", "bob-password", "/", ownOrigin()));
        String token = json(withCookie("GET", "api/v1/me", cookie)).getJsonObject("session").getString("csrfToken");

        assertThat(withCookie("POST", "signout", cookie).statusCode()).as("without the token").isEqualTo(403);
        assertThat(withCookie("POST", "signout", cookie, "X-CSRF-Token", token).statusCode()).isEqualTo(204);

        assertThat(withCookie("GET", "api/v1/me", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void sendsABrowserWithoutSessionToSignInFirstAndBack() {
        HttpResponse<String> start = broker.get(broker.uri("oauth/start/some-flow"));
        assertThat(start.statusCode()).isEqualTo(303);
        assertThat(start.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/signin?return=%2Foauth%2Fstart%2Fsome-flow"));
        assertThat(start.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> page = broker.get(broker.uri(""));
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/signin?return=%2F"));
    }

    @Test
    void servesTheSignInPageWithAStrictContentSecurityPolicy() {
        HttpResponse<String> page = broker.get(broker.uri("signin"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/html"));
        Optional<String> policy = page.headers().firstValue("Content-Security-Policy");
        assertThat(policy).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        assertThat(broker.get(broker.uri("assets/..%2Fweb.xml")).statusCode()).isEqualTo(404);
        assertThat(broker.get(broker.uri("assets/nothing-here.js")).statusCode()).isEqualTo(404);
    }

    @Test
    void offersTheFormAndNoOpenIdProviderWhenNoneIsConfigured() {
        JsonObject options = json(broker.get(broker.uri("signin/options")));

        assertThat(options.getBoolean("form")).isTrue();
        assertThat(options.isNull("oidc")).isTrue();
        HttpResponse<String> oidc = broker.get(broker.uri("signin/oidc"));
        assertThat(oidc.headers().firstValue("Location")).hasValue("/signin?error=oidc-unavailable");
    }

    @Test
    void listsTheServersAPersonMayUseWithoutTheAdminsSettings() {
        String body = "{\"name\":\"session-it\",\"url\":\"https://mcp.session-it.example/mcp\",\"authMode\":\"OAUTH2\","
                + "\"issuer\":\"https://as.session-it.example\",\"clientId\":\"pre-registered\"}";
        HttpResponse<String> created = broker.send(HttpRequest.newBuilder(broker.uri("api/v1/servers?validate=false"))
                .POST(HttpRequest.BodyPublishers.ofString(body)),
                "Authorization", BrokerClient.ADMIN, "Content-Type", "application/json");
        assertThat(created.statusCode()).isEqualTo(201);
        String cookie = sessionCookie(signIn("alice", "alice-password", "/", ownOrigin()));

        String servers = withCookie("GET", "api/v1/me/servers", cookie).body();

        assertThat(servers).contains("\"name\":\"session-it\"").contains("\"connection\":null")
                .doesNotContain("pre-registered").doesNotContain("as.session-it.example");
        broker.delete("api/v1/servers/" + json(created).getString("id"), BrokerClient.ADMIN);
    }
}
