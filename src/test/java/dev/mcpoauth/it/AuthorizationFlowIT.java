package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.BOB;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorization flow and the token lifecycle end to end: the real broker, oidc-provider's
 * real login and consent pages, and the TypeScript SDK's MCP server checking the tokens.
 */
@ArquillianTest
class AuthorizationFlowIT {

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker().addClasses(TokenProbeResource.class, SessionProbeResource.class);
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("flow-").accessTokenTtl(Duration.ofSeconds(30)).start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void connectsThroughTheRealLoginAndConsentPages() {
        String serverId = createServer(peers);
        JsonObject flow = startFlow(serverId, ALICE);
        assertThat(flow.getString("authorizationUrl")).isEqualTo(broker.uri("oauth/start/" + flow.getString("flowId")).toString());
        assertThat(startFlow(serverId, ALICE).getString("flowId")).as("the pending flow is reused")
                .isEqualTo(flow.getString("flowId"));

        HttpResponse<String> page = new BrokerBrowser(broker).connect(flow.getString("authorizationUrl"), ALICE, "alice");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("You are connected to");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        JsonObject connection = json(broker.get("api/v1/connections/" + flow.getString("connectionId"), ALICE));
        assertThat(connection.getString("status")).isEqualTo("CONNECTED");
        assertThat(connection.getString("grantedScopes")).contains("mcp:read");
        assertThat(connection.getString("issuer")).isEqualTo(peers.asIssuer());
        assertThat(connection.toString()).doesNotContain("token\"");
        assertThat(json(broker.get("api/v1/flows/" + flow.getString("flowId"), ALICE)).getString("status"))
                .isEqualTo("completed");
        assertThat(mcpInitialize(token(flow.getString("connectionId")))).isEqualTo(200);
        JsonObject audit = json(broker.get("api/v1/audit?connection=" + flow.getString("connectionId")
                + "&type=AuthorizationRequired", BrokerClient.ADMIN));
        assertThat(audit.getJsonArray("items").getJsonObject(0).getString("correlationId"))
                .as("the audit row names the request that started the flow").isNotBlank();
        assertThat(peers.asCounter("resourceMissing.authorization")).isZero();
        assertThat(peers.asCounter("resourceMissing.token")).isZero();
    }

    @Test
    void refreshesOnRequestAndByTheTimerRotatingTheRefreshToken() {
        String connectionId = connect(createServer(peers), ALICE, "alice");
        String first = token(connectionId);
        long refreshes = peers.asCounter("token.refresh_token");

        HttpResponse<String> refreshed = broker.post("api/v1/connections/" + connectionId + "/refresh", "", ALICE);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String second = token(connectionId);
        assertThat(second).isNotEqualTo(first);
        assertThat(peers.asCounter("token.refresh_token")).isEqualTo(refreshes + 1);

        expireIn(connectionId, "PT2S");
        broker.post("test/tokens/sweep", "", null);
        // the sweep also refreshes other tests' connections that are due by now
        assertThat(peers.asCounter("token.refresh_token")).as("the timer refreshed").isGreaterThan(refreshes + 1);
        String third = token(connectionId);
        assertThat(third).isNotEqualTo(second);
        assertThat(Instant.parse(json(broker.get("api/v1/connections/" + connectionId, ALICE)).getString("expiresAt")))
                .isAfter(Instant.now().plusSeconds(20));
        assertThat(mcpInitialize(third)).isEqualTo(200);
        assertThat(peers.asCounter("refreshTokenReuse")).isZero();
    }

    @Test
    void oneRefreshServesTwoHundredConcurrentCallersOfAnExpiredToken() {
        String connectionId = connect(createServer(peers), ALICE, "alice");
        expireIn(connectionId, "PT-1S");
        long before = peers.asCounter("token.refresh_token");

        JsonObject result = json(broker.post("test/tokens/" + connectionId + "/concurrent?callers=200", "", null));

        assertThat(result.getInt("failures")).isZero();
        assertThat(result.getInt("distinctTokens")).isEqualTo(1);
        assertThat(peers.asCounter("token.refresh_token")).isEqualTo(before + 1);
        assertThat(peers.asCounter("refreshTokenReuse")).isZero();
    }

    @Test
    void aRevokedConnectionIsRefusedByTheMcpServer() {
        String connectionId = connect(createServer(peers), ALICE, "alice");
        String token = token(connectionId);
        assertThat(mcpInitialize(token)).isEqualTo(200);

        HttpResponse<String> revoked = broker.delete("api/v1/connections/" + connectionId, ALICE);

        assertThat(json(revoked).getBoolean("revokedAtServer")).isTrue();
        assertThat(json(revoked).getString("refreshToken")).isEqualTo("revoked");
        assertThat(json(revoked).getString("accessToken")).isEqualTo("revoked");
        assertThat(credentialsRevoked(connectionId).getString("outcome")).isEqualTo("SUCCESS");
        assertThat(mcpInitialize(token)).isEqualTo(401);
        HttpResponse<String> again = broker.get(broker.uri("test/tokens/" + connectionId));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).getString("authorizationUrl")).startsWith(broker.uri("oauth/start/").toString());
        assertThat(json(broker.get("api/v1/connections/" + connectionId, ALICE)).getString("status"))
                .isEqualTo("AUTHORIZING");
    }

    @Test
    void deletingAServerRevokesEveryGrantAtTheAuthorizationServerFirstAndAuditsEach() {
        String serverId = createServer(peers);
        String connectionId = connect(serverId, ALICE, "alice");
        String token = token(connectionId);
        assertThat(mcpInitialize(token)).isEqualTo(200);
        long revocations = peers.asCounter("revocations");

        HttpResponse<String> deleted = broker.delete("api/v1/servers/" + serverId, BrokerClient.ADMIN);

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonObject result = json(deleted);
        assertThat(result.getJsonArray("notRevoked")).isEmpty();
        JsonObject revoked = result.getJsonArray("connections").getJsonObject(0);
        assertThat(revoked.getString("connectionId")).isEqualTo(connectionId);
        assertThat(revoked.getString("refreshToken")).isEqualTo("revoked");
        assertThat(revoked.getBoolean("revokedAtServer")).isTrue();
        assertThat(peers.asCounter("revocations")).as("refresh and access token revoked at the AS")
                .isEqualTo(revocations + 2);
        assertThat(mcpInitialize(token)).as("the grant ended at the authorization server").isEqualTo(401);
        JsonObject audited = credentialsRevoked(connectionId);
        assertThat(audited.getString("outcome")).isEqualTo("SUCCESS");
        assertThat(audited.getString("user")).isEqualTo("basic:alice");
        assertThat(broker.get("api/v1/servers/" + serverId, BrokerClient.ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void deletingAServerWhoseAuthorizationServerIsGoneStillDeletesItAndNamesTheGrantsThatMayLive() {
        String serverId;
        String connectionId;
        try (Peers gone = Peers.builder().logNamePrefix("flow-gone-").accessTokenTtl(Duration.ofSeconds(30)).start()) {
            serverId = createServer(gone);
            connectionId = connect(serverId, ALICE, "alice");
        }

        HttpResponse<String> deleted = broker.delete("api/v1/servers/" + serverId, BrokerClient.ADMIN);

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonObject result = json(deleted);
        assertThat(result.getJsonArray("notRevoked").getString(0)).isEqualTo(connectionId);
        assertThat(result.getString("detail")).contains("could not be revoked");
        assertThat(result.getJsonArray("connections").getJsonObject(0).getBoolean("revokedAtServer")).isFalse();
        assertThat(broker.get("api/v1/servers/" + serverId, BrokerClient.ADMIN).statusCode()).isEqualTo(404);
        JsonObject audited = credentialsRevoked(connectionId);
        assertThat(audited.getString("outcome")).isEqualTo("FAILURE");
        assertThat(audited.getString("details")).contains("did not confirm revocation");
    }

    @Test
    void aLostGrantAsksForANewConsentAndANewConsentRestoresTheConnection() {
        try (Peers shortLived = Peers.builder().logNamePrefix("flow-short-").accessTokenTtl(Duration.ofSeconds(30))
                .refreshTokenTtl(Duration.ofSeconds(2)).start()) {
            String connectionId = connect(createServer(shortLived), ALICE, "alice");
            sleep(Duration.ofSeconds(3));
            expireIn(connectionId, "PT-1S");

            HttpResponse<String> lost = broker.get(broker.uri("test/tokens/" + connectionId));

            assertThat(lost.statusCode()).as(lost.body()).isEqualTo(409);
            assertThat(json(lost).getBoolean("requiresReauthorization")).isTrue();
            String startLink = json(lost).getString("authorizationUrl");
            assertThat(json(broker.get("api/v1/connections/" + connectionId, ALICE)).getString("status"))
                    .isEqualTo("REQUIRES_REAUTHORIZATION");
            assertThat(new BrokerBrowser(broker).connect(startLink, ALICE, "alice").statusCode()).isEqualTo(200);
            assertThat(json(broker.get("api/v1/connections/" + connectionId, ALICE)).getString("status"))
                    .isEqualTo("CONNECTED");
        }
    }

    @Test
    void refusesAReplayedStateAndAStartLinkOpenedByAnotherUser() {
        String serverId = createServer(peers);
        JsonObject flow = startFlow(serverId, ALICE);
        String startLink = flow.getString("authorizationUrl");
        HttpResponse<String> bobOpens = new BrokerBrowser(broker).open(startLink, BOB);
        assertThat(bobOpens.statusCode()).isEqualTo(404);
        assertThat(bobOpens.body()).contains("started by someone else");

        BrokerBrowser browser = new BrokerBrowser(broker);
        URI callback = browser.signIn(startLink, ALICE, "alice");
        assertThat(browser.visit(callback).statusCode()).isEqualTo(200);
        long exchanges = peers.asCounter("token.authorization_code");

        HttpResponse<String> replay = browser.visit(callback);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("already used");
        assertThat(peers.asCounter("token.authorization_code")).isEqualTo(exchanges);
    }

    @Test
    void refusesACallbackInAnotherBrowserWithoutConsumingTheFlow() {
        JsonObject flow = startFlow(createServer(peers), ALICE);
        BrokerBrowser started = new BrokerBrowser(broker);
        URI callback = started.signIn(flow.getString("authorizationUrl"), ALICE, "alice");
        long exchanges = peers.asCounter("token.authorization_code");

        HttpResponse<String> elsewhere = new BrokerBrowser(broker).visit(callback);

        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("started in another browser");
        assertThat(peers.asCounter("token.authorization_code")).isEqualTo(exchanges);
        assertThat(started.visit(callback).statusCode()).as("the right browser still completes it").isEqualTo(200);
    }

    @Test
    void refusesAMissingAWrongAndANormalisedIssuer() {
        for (String tampering : new String[] {"missing", "wrong", "normalised"}) {
            JsonObject flow = startFlow(createServer(peers), ALICE);
            BrokerBrowser browser = new BrokerBrowser(broker);
            URI callback = browser.signIn(flow.getString("authorizationUrl"), ALICE, "alice");
            long exchanges = peers.asCounter("token.authorization_code");

            HttpResponse<String> page = browser.visit(withIssuer(callback, tampering));

            assertThat(page.statusCode()).as(tampering).isEqualTo(400);
            assertThat(page.body()).as(tampering).contains("did not come from the expected authorization server");
            assertThat(peers.asCounter("token.authorization_code")).as(tampering).isEqualTo(exchanges);
            assertThat(json(broker.get("api/v1/flows/" + flow.getString("flowId"), ALICE)).getString("errorCode"))
                    .isEqualTo(tampering.equals("missing") ? "iss_missing" : "iss_mismatch");
        }
    }

    @Test
    void refusesAnExpiredState() {
        JsonObject flow = startFlow(createServer(peers), ALICE);
        BrokerBrowser browser = new BrokerBrowser(broker);
        URI callback = browser.signIn(flow.getString("authorizationUrl"), ALICE, "alice");
        sleep(Duration.between(java.time.Instant.now(), java.time.Instant.parse(flow.getString("expiresAt")))
                .plusSeconds(1));

        HttpResponse<String> late = browser.visit(callback);

        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("expired");
        assertThat(json(broker.get("api/v1/flows/" + flow.getString("flowId"), ALICE)).getString("status"))
                .isEqualTo("expired");
    }

    @Test
    void aCodeSentWithAForeignStateConnectsNobody() {
        String serverId = createServer(peers);
        JsonObject alicesFlow = startFlow(serverId, ALICE);
        JsonObject bobsFlow = startFlow(serverId, BOB);
        URI alicesAnswer = new BrokerBrowser(broker).signIn(alicesFlow.getString("authorizationUrl"), ALICE, "alice");
        BrokerBrowser bobsBrowser = new BrokerBrowser(broker);
        URI bobsAnswer = bobsBrowser.signIn(bobsFlow.getString("authorizationUrl"), BOB, "bob");

        HttpResponse<String> mixed = bobsBrowser.visit(URI.create(bobsAnswer.toString()
                .replaceFirst("code=[^&]+", "code=" + parameter(alicesAnswer, "code"))));

        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(json(broker.get("api/v1/connections/" + bobsFlow.getString("connectionId"), BOB)).getString("status"))
                .isNotEqualTo("CONNECTED");
        assertThat(json(broker.get("api/v1/connections/" + alicesFlow.getString("connectionId"), ALICE))
                .getString("status")).isNotEqualTo("CONNECTED");
    }

    @Test
    void listsAndCallsToolsWithThePersonsOwnToken() {
        String connectionId = connect(createServer(peers), ALICE, "alice");

        HttpResponse<String> list = broker.get("api/v1/connections/" + connectionId + "/tools", ALICE);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        // one upstream page in MCP's own shape; the test peer pages by two
        assertThat(json(list).getJsonArray("tools").getValuesAs(JsonObject.class)).extracting(tool -> tool.getString("name"))
                .containsExactly("echo", "whoami");
        assertThat(json(list).getString("nextCursor")).isNotBlank();
        HttpResponse<String> echo = broker.post("api/v1/connections/" + connectionId + "/tools/echo",
                "{\"text\":\"hello through the broker\"}", ALICE);
        assertThat(echo.statusCode()).as(echo.body()).isEqualTo(200);
        assertThat(echo.body()).contains("hello through the broker");
        BrokerIT.assertProblem(broker.get("api/v1/connections/" + connectionId + "/tools", BOB), 404, "not-found");
        JsonObject audited = json(broker.get("api/v1/audit?connection=" + connectionId + "&type=McpRequestCompleted",
                BrokerClient.ADMIN));
        assertThat(audited.getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(row -> row.getString("details").replaceFirst(" in \\d+ ms", ""), row -> row.getString("outcome"),
                        row -> row.getString("actor"), row -> row.getString("user"))
                .containsExactly(tuple("tools/call echo succeeded", "SUCCESS", "basic:alice", "basic:alice"),
                        tuple("tools/list succeeded", "SUCCESS", "basic:alice", "basic:alice"));
        assertThat(audited.toString()).doesNotContain("hello through the broker");
    }

    @Test
    void anAdminSeesAPersonsConnectionButCannotUseTheirTokenAtTheMcpServer() {
        String connectionId = connect(createServer(peers), ALICE, "alice");
        long verified = peers.mcpCounter("calls");

        assertThat(broker.get("api/v1/connections/" + connectionId, BrokerClient.ADMIN).statusCode()).isEqualTo(200);
        BrokerIT.assertProblem(broker.get("api/v1/connections/" + connectionId + "/tools", BrokerClient.ADMIN), 403,
                "forbidden");
        BrokerIT.assertProblem(broker.post("api/v1/connections/" + connectionId + "/tools/echo", "{\"text\":\"as alice\"}",
                BrokerClient.ADMIN), 403, "forbidden");
        HttpResponse<String> session = broker.post("test/sessions/" + connectionId + "/long?user=basic:root&admin=true", "",
                null);
        assertThat(session.statusCode()).as(session.body()).isEqualTo(403);

        assertThat(peers.mcpCounter("calls")).as("no request reached the MCP server").isEqualTo(verified);
        JsonObject audited = json(broker.get("api/v1/audit?connection=" + connectionId + "&type=McpRequestCompleted",
                BrokerClient.ADMIN));
        assertThat(audited.getJsonArray("items").getValuesAs(JsonObject.class))
                .allSatisfy(row -> assertThat(row.getString("outcome")).isEqualTo("FAILURE"))
                .extracting(row -> row.getString("actor")).containsOnly("basic:root").hasSize(3);
        assertThat(audited.toString()).contains("tools/call echo failed").contains("FORBIDDEN")
                .doesNotContain("as alice");
        assertThat(broker.post("api/v1/connections/" + connectionId + "/refresh", "", BrokerClient.ADMIN).statusCode())
                .as("admins may still refresh-check").isEqualTo(200);
    }

    @Test
    void stepsUpWhenAToolNeedsAScopeTheFirstConsentDidNotGrant() {
        String connectionId = connect(createServer(peers), ALICE, "alice");

        HttpResponse<String> refused = broker.post("api/v1/connections/" + connectionId + "/tools/admin-action", "{}",
                ALICE);

        BrokerIT.assertProblem(refused, 409, "authorization-required");
        assertThat(json(refused).getString("detail")).contains("mcp:admin");
        assertThat(new BrokerBrowser(broker).connect(json(refused).getString("authorizationUrl"), ALICE, "alice")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> allowed = broker.post("api/v1/connections/" + connectionId + "/tools/admin-action", "{}",
                ALICE);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("admin action done");
        assertThat(json(broker.get("api/v1/connections/" + connectionId, ALICE)).getString("grantedScopes"))
                .contains("mcp:read").contains("mcp:admin");
    }

    @Test
    void aLongSessionRefreshesUnderwayAndStopsAtARevocation() {
        String connectionId = connect(createServer(peers), ALICE, "alice");
        long refreshes = peers.asCounter("token.refresh_token");

        HttpResponse<String> session = broker.post("test/sessions/" + connectionId + "/long?user=basic:alice", "", null);

        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        JsonObject report = json(session);
        assertThat(report.getString("first")).contains("one");
        assertThat(report.getString("afterExpiry")).contains("two");
        assertThat(peers.asCounter("token.refresh_token")).isGreaterThan(refreshes);
        assertThat(report.getString("afterRevocation")).isEqualTo("authorization-required");
    }

    @Test
    void refusesToSaveAServerWhoseConfigurationCannotWork() {
        HttpResponse<String> refused = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s","issuer":"https://elsewhere.example.invalid"}
                """.formatted("flow-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);

        BrokerIT.assertProblem(refused, 422, "server-configuration-refused");
        assertThat(json(refused).getString("detail")).contains("is not among the authorization servers");
        assertThat(json(refused).getString("cause")).endsWith("configuration-mismatch");
        assertThat(broker.get("api/v1/servers", BrokerClient.ADMIN).body()).doesNotContain("elsewhere.example.invalid");
    }

    @Test
    void sendsNoCodeToAnotherAuthorizationServerWhenTheResourceMovesThereMidFlow() {
        try (Peers two = Peers.builder().logNamePrefix("flow-mixup-").secondAuthorizationServer().start()) {
            String serverId = createServer(two);
            JsonObject flow = startFlow(serverId, ALICE);
            BrokerBrowser browser = new BrokerBrowser(broker);
            URI callback = browser.signIn(flow.getString("authorizationUrl"), ALICE, "alice");
            two.switchAuthorizationServers(two.secondAsIssuer());
            HttpResponse<String> revalidated = broker.post("api/v1/servers/" + serverId + "/validate?refresh=true", "",
                    BrokerClient.ADMIN);
            assertThat(json(revalidated).getString("issuer")).as(revalidated.body()).isEqualTo(two.secondAsIssuer());
            assertThat(two.secondAsCounter("registrations")).as("the broker is a client at AS2 now").isEqualTo(1);

            HttpResponse<String> page = browser.visit(callback);

            assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
            assertThat(page.body()).contains("now uses another authorization server");
            assertThat(two.secondAsCounter("token.authorization_code")).as("AS2 got no token request").isZero();
            assertThat(two.asCounter("token.authorization_code")).as("nor did AS1: the flow was refused").isZero();
            JsonObject failed = json(broker.get("api/v1/flows/" + flow.getString("flowId"), ALICE));
            assertThat(failed.getString("status")).isEqualTo("failed");
            assertThat(failed.getString("errorCode")).isEqualTo("issuer_changed");
            JsonObject audit = json(broker.get("api/v1/audit?connection=" + flow.getString("connectionId")
                    + "&type=AuthorizationFailed", BrokerClient.ADMIN));
            assertThat(audit.getJsonArray("items").getJsonObject(0).getString("details")).startsWith("issuer_changed: ");
        }
    }

    @Test
    void startsAFlowForAChallengeScopeLongerThanAnyColumnUsedToBe() {
        StringBuilder scopes = new StringBuilder("mcp:read");
        while (scopes.length() < 2914) {
            scopes.append(" mcp:extra-").append(scopes.length());
        }
        try (Peers longScopes = Peers.builder().logNamePrefix("flow-long-").prmScopesSupported(scopes.toString())
                .start()) {
            HttpResponse<String> started = broker.post("api/v1/connections/" + createServer(longScopes)
                    + "/authorize", "{}", ALICE);

            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            assertThat(json(broker.get("api/v1/flows/" + json(started).getString("flowId"), ALICE))
                    .getString("status")).isEqualTo("pending");
        }
    }

    @Test
    void sendsNoScopeWhenTheAdminSaysSo() {
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s","sendScope":false}
                """.formatted("flow-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).getBoolean("sendScope")).isFalse();
        JsonObject flow = startFlow(json(created).getString("id"), ALICE);

        HttpResponse<String> redirect = new BrokerBrowser(broker).open(flow.getString("authorizationUrl"), ALICE);

        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).startsWith(peers.asIssuer())
                .doesNotContain("scope=");
    }

    @Test
    void sendsTheIdentityProvidersExtraParametersAndStillConnectsAndRefreshes() {
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s","authorizationParameters":{"audience":"https://api.example.com"},
                 "tokenParameters":{"audience":"https://api.example.com"}}
                """.formatted("flow-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).getJsonObject("authorizationParameters").getString("audience"))
                .isEqualTo("https://api.example.com");
        String serverId = json(created).getString("id");
        JsonObject flow = startFlow(serverId, ALICE);

        HttpResponse<String> redirect = new BrokerBrowser(broker).open(flow.getString("authorizationUrl"), ALICE);

        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).startsWith(peers.asIssuer())
                .contains("audience=https%3A%2F%2Fapi.example.com");
        String connectionId = connect(serverId, ALICE, "alice");
        HttpResponse<String> refreshed = broker.post("api/v1/connections/" + connectionId + "/refresh", "", ALICE);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(mcpInitialize(token(connectionId))).isEqualTo(200);
    }

    @Test
    void refusesExtraParametersThatWouldReplaceTheProtocolsOwn() {
        HttpResponse<String> refused = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s","authorizationParameters":{"redirect_uri":"https://evil.example/cb"},
                 "tokenParameters":{"audience":7}}
                """.formatted("flow-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("tokenParameters", "must be an object whose values are strings");
        HttpResponse<String> reserved = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s","authorizationParameters":{"redirect_uri":"https://evil.example/cb"}}
                """.formatted("flow-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(400);
        assertThat(reserved.body()).contains("authorizationParameters: at most 10 names");
    }

    String createServer(Peers with) {
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s"}
                """.formatted("flow-" + UUID.randomUUID(), with.mcpUrl()), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("id");
    }

    JsonObject startFlow(String serverId, String authorization) {
        HttpResponse<String> started = broker.post("api/v1/connections/" + serverId + "/authorize", "{}", authorization);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        return json(started);
    }

    String connect(String serverId, String authorization, String asUser) {
        JsonObject flow = startFlow(serverId, authorization);
        HttpResponse<String> page = new BrokerBrowser(broker).connect(flow.getString("authorizationUrl"), authorization,
                asUser);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return flow.getString("connectionId");
    }

    String token(String connectionId) {
        HttpResponse<String> token = broker.get(broker.uri("test/tokens/" + connectionId));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return json(token).getString("token");
    }

    JsonObject credentialsRevoked(String connectionId) {
        JsonObject page = json(broker.get("api/v1/audit?connection=" + connectionId + "&type=CredentialsRevoked",
                BrokerClient.ADMIN));
        assertThat(page.getJsonArray("items")).as(page.toString()).hasSize(1);
        return page.getJsonArray("items").getJsonObject(0);
    }

    void expireIn(String connectionId, String duration) {
        assertThat(json(broker.post("test/tokens/" + connectionId + "/expires-in/" + duration, "", null))
                .getInt("changed")).isEqualTo(1);
    }

    static int mcpInitialize(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(peers.mcpUrl()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                         "capabilities":{},"clientInfo":{"name":"it","version":"1"}}}"""))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI withIssuer(URI callback, String tampering) {
        String query = callback.getRawQuery();
        String iss = parameter(callback, "iss");
        String changed = switch (tampering) {
            case "missing" -> query.replaceAll("&?iss=[^&]*", "");
            case "wrong" -> query.replace("iss=" + iss, "iss=https%3A%2F%2Fevil.example.com");
            default -> query.replace("iss=" + iss, "iss=" + iss + "%2F");
        };
        return URI.create(callback.toString().replace(query, changed));
    }

    static String parameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + name + " in the callback");
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
