package dev.mcpoauth.discovery.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpoauth.discovery.StubServer;
import dev.mcpoauth.discovery.control.MetadataFetcher;
import dev.mcpoauth.discovery.control.MetadataLocator;
import dev.mcpoauth.discovery.control.ResourceProbe;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.ServerDiscovery;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.server.entity.McpServer;
import dev.mcpoauth.server.entity.PkcePolicy;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Discovery#fetch}: probe, protected-resource metadata, the choice of issuer, AS metadata, legacy servers. */
class DiscoveryTest {

    static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    static final String WELL_KNOWN_PRM = "/.well-known/oauth-protected-resource";
    static final String WELL_KNOWN_OAUTH = "/.well-known/oauth-authorization-server";
    static final String WELL_KNOWN_OIDC = "/.well-known/openid-configuration";

    StubServer mcp;
    StubServer as;
    Discovery discovery;

    @BeforeEach
    void wire() throws IOException {
        mcp = new StubServer();
        as = new StubServer();
        UrlGuard guard = new UrlGuard(true, List.of(), InetAddress::getAllByName);
        discovery = new Discovery();
        discovery.probe = new ResourceProbe(new Outbound(guard, Duration.ofSeconds(2), Duration.ofSeconds(2), 0));
        discovery.locator = new MetadataLocator(new MetadataFetcher(new Outbound(guard, Duration.ofSeconds(2), Duration.ofSeconds(2), 256 * 1024)));
        discovery.guard = guard;
    }

    @AfterEach
    void stop() {
        mcp.close();
        as.close();
    }

    McpServer server(String path) {
        return server(path, null);
    }

    McpServer server(String path, String issuer) {
        McpServer server = new McpServer("files", mcp.origin() + path, NOW);
        server.overrideOAuth(issuer, null, true, PkcePolicy.REQUIRE_ADVERTISED, Duration.ofHours(24), NOW);
        return server;
    }

    String challengeFor(String prmPath) {
        return "Bearer resource_metadata=\"" + mcp.origin() + prmPath + "\", scope=\"files:read\"";
    }

    static String prm(String resource, String... issuers) {
        JsonArrayBuilder servers = Json.createArrayBuilder();
        List.of(issuers).forEach(servers::add);
        return Json.createObjectBuilder()
                .add("resource", resource)
                .add("authorization_servers", servers)
                .add("scopes_supported", Json.createArrayBuilder().add("files:read"))
                .build().toString();
    }

    static String asMetadata(String issuer) {
        return Json.createObjectBuilder()
                .add("issuer", issuer)
                .add("authorization_endpoint", issuer + "/authorize")
                .add("token_endpoint", issuer + "/token")
                .add("registration_endpoint", issuer + "/register")
                .add("code_challenge_methods_supported", Json.createArrayBuilder().add("S256"))
                .build().toString();
    }

    ProblemException refusal(McpServer server) {
        return catchThrowableOfType(ProblemException.class, () -> discovery.fetch(server, NOW));
    }

    @Test
    void discoversFromTheChallengesResourceMetadataUrlAlone() {
        mcp.unauthorized("/mcp", challengeFor("/custom/prm"));
        mcp.json("/custom/prm", prm(mcp.origin() + "/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        ServerDiscovery found = discovery.fetch(server("/mcp"), NOW);

        assertThat(found.isLegacy()).isFalse();
        assertThat(found.fromCache()).isFalse();
        assertThat(found.fetchedAt()).isEqualTo(NOW);
        assertThat(found.issuer()).isEqualTo(as.origin());
        assertThat(found.resource()).isEqualTo(mcp.origin() + "/mcp");
        assertThat(found.challengeScope()).contains("files:read");
        assertThat(found.resourceMetadataSource()).isEqualTo(mcp.origin() + "/custom/prm");
        assertThat(found.authorizationServerSource()).isEqualTo(as.origin() + WELL_KNOWN_OAUTH);
        assertThat(found.authorizationServer().tokenEndpoint()).isEqualTo(as.origin() + "/token");
        assertThat(mcp.requests()).as("no well-known location is tried").containsExactly("/mcp", "/custom/prm");
        assertThat(as.requests()).containsExactly(WELL_KNOWN_OAUTH);
    }

    @Test
    void readsTheChallengeWithoutWaitingForAnEndlessBody() {
        mcp.handle("/mcp", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", challengeFor("/prm"));
            exchange.sendResponseHeaders(401, 0);
            byte[] chunk = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = exchange.getResponseBody()) {
                while (!Thread.currentThread().isInterrupted()) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException clientHungUp) {
                // expected: the probe reads the headers only
            }
        });
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        ServerDiscovery found = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> discovery.fetch(server("/mcp"), NOW));

        assertThat(found.issuer()).isEqualTo(as.origin());
    }

    @Test
    void findsPathInsertedResourceMetadataWhenTheChallengeNamesNone() {
        mcp.unauthorized("/public/mcp", "Bearer realm=\"files\"");
        mcp.json(WELL_KNOWN_PRM + "/public/mcp", prm(mcp.origin() + "/public/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        ServerDiscovery found = discovery.fetch(server("/public/mcp"), NOW);

        assertThat(found.resourceMetadataSource()).isEqualTo(mcp.origin() + WELL_KNOWN_PRM + "/public/mcp");
        assertThat(found.challengeScope()).isEmpty();
        assertThat(found.scopesSupported()).containsExactly("files:read");
        assertThat(mcp.requests()).containsExactly("/public/mcp", WELL_KNOWN_PRM + "/public/mcp");
    }

    @Test
    void fallsBackToTheRootResourceMetadata() {
        mcp.unauthorized("/public/mcp", "Bearer");
        mcp.json(WELL_KNOWN_PRM, prm(mcp.origin(), as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        ServerDiscovery found = discovery.fetch(server("/public/mcp"), NOW);

        assertThat(found.resource()).as("the metadata's resource, byte for byte").isEqualTo(mcp.origin());
        assertThat(found.resourceMetadataSource()).isEqualTo(mcp.origin() + WELL_KNOWN_PRM);
        assertThat(mcp.requests()).containsExactly("/public/mcp", WELL_KNOWN_PRM + "/public/mcp", WELL_KNOWN_PRM);
    }

    @Test
    void usesTheFirstListedAuthorizationServerByDefault() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin() + "/tenant1", as.origin() + "/tenant2"));
        as.json(WELL_KNOWN_OAUTH + "/tenant1", asMetadata(as.origin() + "/tenant1"));

        assertThat(discovery.fetch(server("/mcp"), NOW).issuer()).isEqualTo(as.origin() + "/tenant1");
        assertThat(as.requests()).containsExactly(WELL_KNOWN_OAUTH + "/tenant1");
    }

    @Test
    void choosesTheAdminsIssuerWhenTheResourceListsIt() {
        String tenant2 = as.origin() + "/tenant2";
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin() + "/tenant1", tenant2));
        as.json(WELL_KNOWN_OAUTH + "/tenant2", asMetadata(tenant2));

        ServerDiscovery found = discovery.fetch(server("/mcp", tenant2), NOW);

        assertThat(found.issuer()).isEqualTo(tenant2);
        assertThat(as.requests()).as("the first listed server is never asked").containsExactly(WELL_KNOWN_OAUTH + "/tenant2");
    }

    @Test
    void refusesAnAdminIssuerTheResourceDoesNotList() {
        String configured = as.origin() + "/tenant9";
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin() + "/tenant1", as.origin() + "/tenant2"));

        ProblemException refused = refusal(server("/mcp", configured));

        assertThat(refused.problem()).isEqualTo(Problem.CONFIGURATION_MISMATCH);
        assertThat(refused.getMessage())
                .contains("The configured issuer " + configured + " is not among the authorization servers")
                .contains(as.origin() + "/tenant1, " + as.origin() + "/tenant2");
        assertThat(as.requests()).isEmpty();
    }

    @Test
    void treatsALegacyServerAsItsOwnAuthorizationServerWithMetadataAtItsOrigin() {
        mcp.unauthorized("/mcp", "Bearer scope=\"files:read\"");
        mcp.json(WELL_KNOWN_OAUTH, asMetadata(mcp.origin()));

        ServerDiscovery found = discovery.fetch(server("/mcp"), NOW);

        assertThat(found.isLegacy()).isTrue();
        assertThat(found.issuer()).isEqualTo(mcp.origin());
        assertThat(found.resource()).as("the canonical MCP URI").isEqualTo(mcp.origin() + "/mcp");
        assertThat(found.challengeScope()).contains("files:read");
        assertThat(found.authorizationServerSource()).isEqualTo(mcp.origin() + WELL_KNOWN_OAUTH);
        assertThat(found.authorizationServer().registrationEndpoint()).isEqualTo(mcp.origin() + "/register");
        assertThat(mcp.requests()).containsExactly("/mcp", WELL_KNOWN_PRM + "/mcp", WELL_KNOWN_PRM, WELL_KNOWN_OAUTH);
    }

    @Test
    void givesALegacyServerWithoutAnyMetadataTheDefaultEndpointsAtItsOrigin() {
        mcp.unauthorized("/mcp", "Bearer");

        ServerDiscovery found = discovery.fetch(server("/mcp"), NOW);

        AuthorizationServerMetadata defaults = found.authorizationServer();
        assertThat(found.isLegacy()).isTrue();
        assertThat(defaults.issuer()).isEqualTo(mcp.origin());
        assertThat(defaults.authorizationEndpoint()).isEqualTo(mcp.origin() + "/authorize");
        assertThat(defaults.tokenEndpoint()).isEqualTo(mcp.origin() + "/token");
        assertThat(defaults.registrationEndpoint()).isEqualTo(mcp.origin() + "/register");
        assertThat(defaults.supportsS256()).isTrue();
        assertThat(found.authorizationServerSource()).isEqualTo(mcp.origin() + "/mcp");
        assertThat(mcp.requests()).containsExactly("/mcp", WELL_KNOWN_PRM + "/mcp", WELL_KNOWN_PRM, WELL_KNOWN_OAUTH,
                WELL_KNOWN_OIDC);
    }

    @Test
    void neverTakesAServerWhoseChallengeNamesUnservedMetadataForALegacyServer() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.handle("/prm", exchange -> {
            exchange.getResponseHeaders().add("Location", as.origin() + "/prm");
            exchange.sendResponseHeaders(302, -1);
        });
        mcp.json(WELL_KNOWN_OAUTH, asMetadata(mcp.origin()));

        ProblemException refused = refusal(server("/mcp"));

        assertThat(refused.problem()).isEqualTo(Problem.METADATA_NOT_FOUND);
        assertThat(refused.getMessage()).contains("publishes no protected resource metadata")
                .contains("/prm answered with a redirect (HTTP 302); redirects are not followed.");
        assertThat(mcp.requests()).doesNotContain(WELL_KNOWN_OAUTH, WELL_KNOWN_OIDC);
        assertThat(as.requests()).isEmpty();
    }

    @Test
    void reportsAMalformedChallengeRatherThanGuessingALegacyServer() {
        mcp.unauthorized("/mcp", "Bearer resource_metadata=\"" + mcp.origin() + "/prm");
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin()));
        mcp.json(WELL_KNOWN_OAUTH, asMetadata(mcp.origin()));

        ProblemException refused = refusal(server("/mcp"));

        assertThat(refused.problem()).isEqualTo(Problem.BAD_UPSTREAM_DOCUMENT);
        assertThat(refused.getMessage()).contains("WWW-Authenticate challenge is malformed");
        assertThat(mcp.requests()).as("nothing from the malformed value is used")
                .containsExactly("/mcp", WELL_KNOWN_PRM + "/mcp", WELL_KNOWN_PRM);
    }

    @Test
    void stillFindsWellKnownMetadataWhenTheChallengeIsMalformed() {
        mcp.unauthorized("/mcp", "Bearer realm=\"a\", realm=\"b\"");
        mcp.json(WELL_KNOWN_PRM + "/mcp", prm(mcp.origin() + "/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        assertThat(discovery.fetch(server("/mcp"), NOW).issuer()).isEqualTo(as.origin());
    }

    @Test
    void asksTheAdminsIssuerForALegacyServerAndNeverInventsEndpointsForIt() {
        String configured = as.origin() + "/tenant1";
        mcp.unauthorized("/mcp", "Bearer");

        ProblemException refused = refusal(server("/mcp", configured));

        assertThat(refused.problem()).isEqualTo(Problem.METADATA_NOT_FOUND);
        assertThat(as.requests()).containsExactly(WELL_KNOWN_OAUTH + "/tenant1", WELL_KNOWN_OIDC + "/tenant1",
                "/tenant1" + WELL_KNOWN_OIDC);
    }

    @Test
    void findsTheChallengeOnTheFirstRequestAfterAnOpenInitialize() {
        String challenge = "Bearer resource_metadata=\"" + mcp.origin() + "/custom/prm\", scope=\"mcp:basic\"";
        mcp.handle("/mcp", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (body.contains("\"initialize\"")) {
                exchange.getResponseHeaders().add("Mcp-Session-Id", "session-1");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                byte[] result = "{\"jsonrpc\":\"2.0\",\"id\":\"probe\",\"result\":{}}".getBytes();
                exchange.sendResponseHeaders(200, result.length);
                exchange.getResponseBody().write(result);
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                boolean inSession = "session-1".equals(exchange.getRequestHeaders().getFirst("Mcp-Session-Id"));
                exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
                exchange.sendResponseHeaders(inSession ? 401 : 400, -1);
            }
            exchange.close();
        });
        mcp.json("/custom/prm", prm(mcp.origin() + "/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        ServerDiscovery found = discovery.fetch(server("/mcp"), NOW);

        assertThat(found.issuer()).isEqualTo(as.origin());
        assertThat(found.challengeScope()).contains("mcp:basic");
    }

    @Test
    void reportsAServerThatAnswers200AsNotProtected() {
        mcp.json("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":\"probe\",\"result\":{}}");

        ProblemException refused = refusal(server("/mcp"));

        assertThat(refused.problem()).isEqualTo(Problem.NOT_PROTECTED);
        assertThat(refused.getMessage()).contains("HTTP 200 instead of 401");
        assertThat(mcp.requests()).as("initialize, tools/list, then a stateless 2026-07-28 tools/list")
                .containsExactly("/mcp", "/mcp", "/mcp");
    }

    @Test
    void findsTheChallengeOfAServerThatChecksTheRevisionBeforeTheToken() {
        mcp.handle("/mcp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if ("2026-07-28".equals(exchange.getRequestHeaders().getFirst("MCP-Protocol-Version"))
                    && "tools/list".equals(exchange.getRequestHeaders().getFirst("Mcp-Method"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", challengeFor("/custom/prm"));
                exchange.sendResponseHeaders(401, -1);
            } else {
                StubServer.sendJson(exchange, 400, "{\"jsonrpc\":\"2.0\",\"id\":null,"
                        + "\"error\":{\"code\":-32022,\"message\":\"Unsupported protocol version\"}}");
            }
        });
        mcp.json("/custom/prm", prm(mcp.origin() + "/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        ServerDiscovery found = discovery.fetch(server("/mcp"), NOW);

        assertThat(found.issuer()).isEqualTo(as.origin());
        assertThat(mcp.requests()).startsWith("/mcp", "/mcp", "/mcp");
    }

    @Test
    void abortsOnAResourceMismatchBeforeAnyAuthorizationServerRequest() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm("https://evil.example.com/mcp?k=secret", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        ProblemException refused = refusal(server("/mcp"));

        assertThat(refused.problem()).isEqualTo(Problem.RESOURCE_MISMATCH);
        assertThat(refused.getMessage()).contains("describes resource \"https://evil.example.com/mcp\", not this MCP server \""
                + mcp.origin() + "/mcp\"").doesNotContain("secret");
        assertThat(as.requests()).isEmpty();
    }

    @Test
    void abortsWhenTheResourceNamesASiblingPathOnTheSameOrigin() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp-admin", as.origin()));

        assertThat(refusal(server("/mcp")).problem()).isEqualTo(Problem.RESOURCE_MISMATCH);
        assertThat(as.requests()).isEmpty();
    }

    @Test
    void refusesAuthorizationServerMetadataThatNamesAnotherIssuer() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata("https://attacker.example.com"));
        as.json(WELL_KNOWN_OIDC, asMetadata(as.origin()));

        ProblemException refused = refusal(server("/mcp"));

        assertThat(refused.problem()).isEqualTo(Problem.ISSUER_MISMATCH);
        assertThat(refused.getMessage()).contains("\"https://attacker.example.com\"");
        assertThat(as.requests()).as("a mismatch aborts; the next location is not tried").containsExactly(WELL_KNOWN_OAUTH);
    }

    @Test
    void refusesAnIssuerThatDiffersOnlyByATrailingSlash() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin()));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin() + "/"));

        assertThat(refusal(server("/mcp")).problem()).isEqualTo(Problem.ISSUER_MISMATCH);
    }

    @Test
    void neverFetchesTheRootMetadataForAnIssuerWithAPath() {
        String issuer = as.origin() + "/tenant1";
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", issuer));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));
        as.json(WELL_KNOWN_OIDC, asMetadata(as.origin()));
        as.json("/tenant1" + WELL_KNOWN_OIDC, asMetadata(issuer));

        ServerDiscovery found = discovery.fetch(server("/mcp"), NOW);

        assertThat(found.issuer()).isEqualTo(issuer);
        assertThat(as.requests()).containsExactly(WELL_KNOWN_OAUTH + "/tenant1", WELL_KNOWN_OIDC + "/tenant1",
                "/tenant1" + WELL_KNOWN_OIDC);
    }

    @Test
    void reportsNoMetadataRatherThanAskingTheRootForAnIssuerWithAPath() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", as.origin() + "/tenant1"));
        as.json(WELL_KNOWN_OAUTH, asMetadata(as.origin()));

        assertThat(refusal(server("/mcp")).problem()).isEqualTo(Problem.METADATA_NOT_FOUND);
        assertThat(as.requests()).hasSize(3).doesNotContain(WELL_KNOWN_OAUTH, WELL_KNOWN_OIDC);
    }

    @Test
    void doesNotMistakeAFailingResourceMetadataEndpointForALegacyServer() {
        mcp.unauthorized("/mcp", "Bearer");
        mcp.respond(WELL_KNOWN_PRM + "/mcp", 503, "text/plain", "busy");
        mcp.json(WELL_KNOWN_OAUTH, asMetadata(mcp.origin()));

        assertThat(refusal(server("/mcp")).problem()).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
        assertThat(mcp.requests()).doesNotContain(WELL_KNOWN_OAUTH);
    }

    @Test
    void refusesAResourceMetadataUrlAtACloudMetadataAddressWithoutConnecting() {
        mcp.unauthorized("/mcp", "Bearer resource_metadata=\"http://169.254.169.254/latest/meta-data/\"");

        ProblemException refused = refusal(server("/mcp"));

        assertThat(refused.problem()).isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(refused.getMessage()).contains("169.254.169.254").contains("link-local");
    }

    @Test
    void refusesAnAuthorizationServerAtAPrivateAddressWithoutConnecting() {
        mcp.unauthorized("/mcp", challengeFor("/prm"));
        mcp.json("/prm", prm(mcp.origin() + "/mcp", "https://10.1.2.3/tenant1"));

        ProblemException refused = refusal(server("/mcp"));

        assertThat(refused.problem()).isEqualTo(Problem.URL_FORBIDDEN);
        assertThat(refused.getMessage()).contains("10.1.2.3").contains("private address");
    }

    @Test
    void refusesAnMcpUrlTheOutboundPolicyForbids() {
        McpServer server = new McpServer("files", "http://192.168.1.20/mcp", NOW);

        assertThat(refusal(server).problem()).isEqualTo(Problem.URL_FORBIDDEN);
    }

    @Test
    void tellsARaceOfTwoCacheWritesFromARealFailure() {
        assertThat(Discovery.isConcurrentWrite(new jakarta.persistence.PersistenceException(
                new jakarta.persistence.OptimisticLockException("row changed")))).isTrue();
        assertThat(Discovery.isConcurrentWrite(new RuntimeException(
                new java.sql.SQLException("duplicate key value violates unique constraint", "23505")))).isTrue();
        assertThat(Discovery.isConcurrentWrite(new RuntimeException(new java.sql.SQLException("connection refused",
                "08001")))).isFalse();
    }
}
