package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449) end to end: oidc-provider with features.dPoP and a required nonce, the
 * TypeScript SDK's MCP server accepting only DPoP-bound tokens (scheme, proof, ath, a fresh jti,
 * its own nonce, and the token's cnf.jkt from introspection equal to the proof key's thumbprint).
 */
@ArquillianTest
class DpopIT {

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("dpop-").accessTokenTtl(Duration.ofSeconds(60)).dpop("nonce", "nonce")
                .start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void callsRefreshesAndCallsAgainWithDpopBoundTokensOnly() {
        String serverId = createServer(peers, null);
        assertThat(json(broker.get("api/v1/servers/" + serverId, BrokerClient.ADMIN)).getString("dpop"))
                .isEqualTo("WHEN_ADVERTISED");
        String connectionId = connect(serverId);

        HttpResponse<String> first = echo(connectionId, "first call");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("first call");
        HttpResponse<String> refreshed = broker.post("api/v1/connections/" + connectionId + "/refresh", "", ALICE);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        rotateMcpNonce();
        HttpResponse<String> second = echo(connectionId, "after the refresh");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("after the refresh");

        // the authorization server: every token request carried a proof, the nonce was asked for and honoured
        assertThat(peers.asCounter("dpop.proofs.authorization_code")).isGreaterThanOrEqualTo(2);
        assertThat(peers.asCounter("dpop.proofs.refresh_token")).isGreaterThanOrEqualTo(1);
        assertThat(peers.asCounter("dpop.noProof.authorization_code")).isZero();
        assertThat(peers.asCounter("dpop.noProof.refresh_token")).isZero();
        assertThat(peers.asCounter("dpop.nonceChallenges")).isGreaterThanOrEqualTo(1);
        assertThat(peers.asCounter("tokenSuccess.authorization_code")).isEqualTo(1);
        assertThat(peers.asCounter("tokenSuccess.refresh_token")).isGreaterThanOrEqualTo(1);
        assertThat(peers.asCounter("refreshTokenReuse")).isZero();
        // the MCP server: no bearer token, no bad proof, two nonce challenges (first call, rotation)
        assertThat(peers.mcpCounter("calls")).isEqualTo(2);
        assertThat(peers.mcpCounter("dpop.bearer")).isZero();
        assertThat(peers.mcpCounter("dpop.rejected")).isZero();
        assertThat(peers.mcpCounter("dpop.nonceChallenges")).isEqualTo(2);
        assertThat(peers.mcpCounter("dpop.accepted")).isGreaterThanOrEqualTo(4);
        assertThat(peers.mcpCounter("dpop.jtis")).as("a fresh jti per request").isEqualTo(
                peers.mcpCounter("dpop.accepted"));
        assertThat(broker.get("api/v1/connections/" + connectionId, ALICE).body()).doesNotContain("\"d\"")
                .doesNotContain("dpop_key");
    }

    @Test
    void refusesAServerThatRequiresDpopWhereTheAuthorizationServerDoesNotOfferIt() {
        try (Peers plain = Peers.builder().logNamePrefix("dpop-plain-").start()) {
            HttpResponse<String> notSaved = broker.post("api/v1/servers", """
                    {"name":"%s","url":"%s","dpop":"REQUIRED"}
                    """.formatted("dpop-" + UUID.randomUUID(), plain.mcpUrl()), BrokerClient.ADMIN);
            BrokerIT.assertProblem(notSaved, 422, "server-configuration-refused");
            assertThat(json(notSaved).getString("detail")).contains("requires DPoP", "ES256");
            // saved unchecked (or the authorization server stopped offering DPoP since): refused at the sign-in
            HttpResponse<String> unchecked = broker.post("api/v1/servers?validate=false", """
                    {"name":"%s","url":"%s","dpop":"REQUIRED"}
                    """.formatted("dpop-" + UUID.randomUUID(), plain.mcpUrl()), BrokerClient.ADMIN);
            assertThat(unchecked.statusCode()).as(unchecked.body()).isEqualTo(201);
            String serverId = json(unchecked).getString("id");
            assertThat(json(broker.get("api/v1/servers/" + serverId, BrokerClient.ADMIN)).getString("dpop"))
                    .isEqualTo("REQUIRED");

            HttpResponse<String> refused = broker.post("api/v1/connections/" + serverId + "/authorize", "{}", ALICE);

            BrokerIT.assertProblem(refused, 409, "server-not-set-up");
            assertThat(json(broker.get("api/v1/servers/" + serverId, BrokerClient.ADMIN))
                    .getJsonObject("configurationProblem").getString("message")).contains("requires DPoP", "ES256");
            assertThat(plain.asCounter("authorizationRequests")).isZero();
        }
    }

    @Test
    void usesBearerTokensWhereTheAdminTurnedDpopOff() {
        // an identity provider that advertises DPoP in front of an MCP server that accepts bearer tokens only
        try (Peers bearerOnly = Peers.builder().logNamePrefix("dpop-never-").dpop("on", "off").start()) {
            String serverId = createServer(bearerOnly, "NEVER");
            HttpResponse<String> started = broker.post("api/v1/connections/" + serverId + "/authorize", "{}", ALICE);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            assertThat(new BrokerBrowser(broker).connect(json(started).getString("authorizationUrl"), ALICE, "alice")
                    .statusCode()).isEqualTo(200);

            HttpResponse<String> call = echo(json(started).getString("connectionId"), "as a bearer");

            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            assertThat(bearerOnly.asCounter("dpop.proofs.authorization_code")).isZero();
            assertThat(bearerOnly.asCounter("dpop.noProof.authorization_code")).isEqualTo(1);
            assertThat(bearerOnly.mcpCounter("calls")).isEqualTo(1);
        }
    }

    HttpResponse<String> echo(String connectionId, String text) {
        return broker.post("api/v1/connections/" + connectionId + "/tools/echo", "{\"text\":\"" + text + "\"}", ALICE);
    }

    String createServer(Peers with, String dpop) {
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s"%s}
                """.formatted("dpop-" + UUID.randomUUID(), with.mcpUrl(),
                dpop == null ? "" : ",\"dpop\":\"" + dpop + "\""), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("id");
    }

    String connect(String serverId) {
        HttpResponse<String> started = broker.post("api/v1/connections/" + serverId + "/authorize", "{}", ALICE);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonObject flow = json(started);
        HttpResponse<String> page = new BrokerBrowser(broker).connect(flow.getString("authorizationUrl"), ALICE,
                "alice");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return flow.getString("connectionId");
    }

    static void rotateMcpNonce() {
        try {
            HttpResponse<Void> rotated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(peers.mcpUrl().replace("/mcp", "/test/dpop-nonce/rotate")))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(rotated.statusCode()).isEqualTo(204);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
