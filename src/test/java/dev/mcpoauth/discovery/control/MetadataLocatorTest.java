package dev.mcpoauth.discovery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.discovery.StubServer;
import dev.mcpoauth.discovery.entity.AuthorizationServerMetadata;
import dev.mcpoauth.discovery.entity.Fetched;
import dev.mcpoauth.discovery.entity.ProtectedResourceMetadata;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.web.entity.Problem;
import dev.mcpoauth.web.entity.ProblemException;
import jakarta.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class MetadataLocatorTest {

    StubServer stub;
    MetadataLocator locator;

    @BeforeEach
    void start() throws IOException {
        stub = new StubServer();
        UrlGuard guard = new UrlGuard(true, List.of(), InetAddress::getAllByName);
        locator = new MetadataLocator(new MetadataFetcher(new Outbound(guard, Duration.ofSeconds(2), Duration.ofSeconds(2), 256 * 1024)));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    String prm(String resource) {
        return Json.createObjectBuilder()
                .add("resource", resource)
                .add("authorization_servers", Json.createArrayBuilder().add(stub.origin() + "/tenant1"))
                .build().toString();
    }

    String asMetadata(String issuer) {
        return Json.createObjectBuilder()
                .add("issuer", issuer)
                .add("authorization_endpoint", issuer + "/authorize")
                .add("token_endpoint", issuer + "/token")
                .add("code_challenge_methods_supported", Json.createArrayBuilder().add("S256"))
                .build().toString();
    }

    @Test
    void prefersTheResourceMetadataUrlFromTheChallenge() {
        stub.json("/custom/prm", prm(stub.origin() + "/public/mcp"));

        Fetched<ProtectedResourceMetadata> found =
                locator.protectedResource(stub.url("/public/mcp"), stub.origin() + "/custom/prm");

        assertThat(found.source()).isEqualTo(stub.url("/custom/prm"));
        assertThat(found.metadata().authorizationServer()).isEqualTo(stub.origin() + "/tenant1");
        assertThat(stub.requests()).containsExactly("/custom/prm");
    }

    @Test
    void triesThePathInsertedLocationThenTheRoot() {
        stub.json("/.well-known/oauth-protected-resource", prm(stub.origin()));

        Fetched<ProtectedResourceMetadata> found = locator.protectedResource(stub.url("/public/mcp"), null);

        assertThat(found.metadata().resource()).isEqualTo(stub.origin());
        assertThat(stub.requests()).containsExactly(
                "/.well-known/oauth-protected-resource/public/mcp",
                "/.well-known/oauth-protected-resource");
    }

    @Test
    void fallsBackToWellKnownLocationsWhenTheChallengeUrlIsMissing() {
        stub.json("/.well-known/oauth-protected-resource/mcp", prm(stub.origin() + "/mcp"));

        Fetched<ProtectedResourceMetadata> found = locator.protectedResource(stub.url("/mcp"), stub.origin() + "/gone");

        assertThat(found.source()).isEqualTo(stub.url("/.well-known/oauth-protected-resource/mcp"));
    }

    @Test
    void abortsOnAResourceMismatchWithoutTryingFurtherLocations() {
        stub.json("/.well-known/oauth-protected-resource/mcp", prm("https://evil.example.com/mcp"));
        stub.json("/.well-known/oauth-protected-resource", prm(stub.origin()));

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> locator.protectedResource(stub.url("/mcp"), null));

        assertThat(refused.problem()).isEqualTo(Problem.RESOURCE_MISMATCH);
        assertThat(stub.requests()).containsExactly("/.well-known/oauth-protected-resource/mcp");
    }

    @Test
    void reportsNotFoundWhenNoLocationHasMetadata() {
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> locator.protectedResource(stub.url("/mcp"), null)).problem()).isEqualTo(Problem.METADATA_NOT_FOUND);
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void stopsAtAServerError() {
        stub.respond("/.well-known/oauth-protected-resource/mcp", 503, "text/plain", "busy");

        assertThat(catchThrowableOfType(ProblemException.class,
                () -> locator.protectedResource(stub.url("/mcp"), null)).problem()).isEqualTo(Problem.UPSTREAM_UNAVAILABLE);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void findsAnIssuerWithAPathByOidcAppendingAfterTwoMissesAndNeverAsksTheRoot() {
        String issuer = stub.origin() + "/tenant1";
        stub.json("/.well-known/oauth-authorization-server", asMetadata(stub.origin()));
        stub.json("/tenant1/.well-known/openid-configuration", asMetadata(issuer));

        Fetched<AuthorizationServerMetadata> found = locator.authorizationServer(issuer);

        assertThat(found.metadata().issuer()).isEqualTo(issuer);
        assertThat(found.metadata().supportsS256()).isTrue();
        assertThat(stub.requests()).containsExactly(
                "/.well-known/oauth-authorization-server/tenant1",
                "/.well-known/openid-configuration/tenant1",
                "/tenant1/.well-known/openid-configuration");
    }

    @Test
    void findsAnIssuerWithoutAPathAtTheOAuthLocationFirst() {
        stub.json("/.well-known/oauth-authorization-server", asMetadata(stub.origin()));

        assertThat(locator.authorizationServer(stub.origin()).source())
                .isEqualTo(stub.url("/.well-known/oauth-authorization-server"));
    }

    @Test
    void skipsARedirectingLocation() {
        String issuer = stub.origin() + "/tenant1";
        stub.handle("/.well-known/oauth-authorization-server/tenant1", exchange -> {
            exchange.getResponseHeaders().add("Location", "/login");
            exchange.sendResponseHeaders(302, -1);
        });
        stub.json("/.well-known/openid-configuration/tenant1", asMetadata(issuer));

        assertThat(locator.authorizationServer(issuer).source()).isEqualTo(URI.create(
                stub.origin() + "/.well-known/openid-configuration/tenant1"));
        assertThat(stub.requests()).doesNotContain("/login");
    }

    @Test
    void namesTheRedirectsItSkippedWhenNoLocationHasADocument() {
        stub.handle("/custom/prm", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://elsewhere.example.com/prm");
            exchange.sendResponseHeaders(307, -1);
        });

        ProblemException refused = catchThrowableOfType(ProblemException.class,
                () -> locator.protectedResource(stub.url("/mcp"), stub.origin() + "/custom/prm"));

        assertThat(refused.problem()).isEqualTo(Problem.METADATA_NOT_FOUND);
        assertThat(refused.getMessage()).isEqualTo("The MCP server at 127.0.0.1 publishes no protected resource"
                + " metadata at any of 3 locations. 127.0.0.1/custom/prm answered with a redirect (HTTP 307);"
                + " redirects are not followed.");
    }

    @Test
    void abortsOnAnIssuerMismatchWithoutTryingFurtherLocations() {
        String issuer = stub.origin() + "/tenant1";
        stub.json("/.well-known/oauth-authorization-server/tenant1", asMetadata(stub.origin() + "/tenant2"));
        stub.json("/.well-known/openid-configuration/tenant1", asMetadata(issuer));

        assertThat(catchThrowableOfType(ProblemException.class, () -> locator.authorizationServer(issuer)).problem())
                .isEqualTo(Problem.ISSUER_MISMATCH);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void reportsNotFoundWhenNoLocationHasAuthorizationServerMetadata() {
        assertThat(catchThrowableOfType(ProblemException.class,
                () -> locator.authorizationServer(stub.origin() + "/tenant1")).problem()).isEqualTo(Problem.METADATA_NOT_FOUND);
        assertThat(stub.requests()).hasSize(3);
    }
}
