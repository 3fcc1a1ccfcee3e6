package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.PeerTokens;
import dev.mcpoauth.peers.PeerTokens.Grant;
import dev.mcpoauth.peers.Peers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MCP sessions opened inside Payara with the MCP Java SDK, against the real TypeScript SDK MCP
 * server with real tokens from oidc-provider. Client mode: the peers are Node processes this JVM
 * starts, and the tokens are obtained here; the test-only {@link McpSessionsResource} in the WAR
 * runs each step on a JAX-RS request thread, as the broker's boundaries will.
 */
@ArquillianTest
class McpSessionsIT {

    static final String SESSIONS = "api/test/mcp-sessions";

    static Peers peers;
    static PeerTokens tokens;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.brokerWithTests(McpSessionsResource.class);
    }

    @ArquillianResource
    URL deploymentUrl;

    BrokerClient broker;

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("mcpsessions-").start();
        tokens = new PeerTokens(peers);
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @BeforeEach
    void connect() {
        broker = new BrokerClient(deploymentUrl);
    }

    @Test
    void initializesListsAndCallsWithTheTokenOfTheMomentOnEveryOperation() {
        Grant first = tokens.authorize("mcp:read offline_access");
        JsonObject opened = open(first.accessToken());
        String id = opened.getString("id");
        assertThat(opened.getJsonObject("initializeResult").getJsonObject("serverInfo").getString("name"))
                .isEqualTo("mcp-oauth-broker-test-peer");

        JsonObject tools = ok(broker.get(SESSIONS + "/" + id + "/tools", BrokerClient.ADMIN));
        assertThat(tools.getJsonArray("tools").getValuesAs(JsonObject.class)).extracting(tool -> tool.getString("name"))
                .contains("echo", "whoami", "admin-action", "test-tool");

        JsonObject echo = call(id, "echo", "{\"text\":\"hello from Payara\"}");
        assertThat(text(echo)).isEqualTo("hello from Payara");
        assertThat(echo.getJsonArray("askedBy")).as("server/discover, initialize, three tools/list pages, tools/call")
                .hasSize(6);

        assertThat(text(call(id, "whoami", "{}"))).contains("\"sub\":\"alice\"").contains(tokens.clientId)
                .contains("\"scopes\":[\"mcp:read\"]");

        // the token of the moment goes on the next operation: a wider grant, then a refreshed token
        setToken(id, tokens.authorize("mcp:read mcp:admin").accessToken());
        assertThat(text(call(id, "whoami", "{}"))).contains("\"scopes\":[\"mcp:read\",\"mcp:admin\"]");
        setToken(id, tokens.refresh(first).accessToken());
        JsonObject whoami = call(id, "whoami", "{}");
        assertThat(text(whoami)).contains("\"scopes\":[\"mcp:read\"]");
        assertThat(strings(whoami.getJsonArray("askedBy").getValuesAs(JsonString.class)))
                .hasSize(9)
                .allSatisfy(asker -> assertThat(asker).as("the caller, on a container request thread")
                        .startsWith("basic:root@http-thread-pool"));

        long deleted = acceptedDeletes();
        assertThat(broker.delete(SESSIONS + "/" + id, BrokerClient.ADMIN).statusCode()).isEqualTo(204);
        assertThat(acceptedDeletesAfterwards(deleted)).as("the DELETE on close carried the refreshed token")
                .isEqualTo(deleted + 1);
    }

    @Test
    void aRevokedTokenYieldsTheTyped401WithTheChallengeAndTheSessionRecoversWithANewToken() {
        Grant grant = tokens.authorize("mcp:read");
        String id = open(grant.accessToken()).getString("id");
        tokens.revoke(grant.accessToken());

        JsonObject refused = failed(broker.get(SESSIONS + "/" + id + "/tools", BrokerClient.ADMIN));
        assertThat(refused.getString("exception")).isEqualTo("dev.mcpoauth.mcp.entity.McpAuthorizationException");
        assertThat(refused.getInt("status")).isEqualTo(401);
        assertThat(refused.getJsonObject("challenge").getString("error")).isEqualTo("invalid_token");
        assertThat(refused.getJsonObject("challenge").getString("resource_metadata")).isEqualTo(peers.prmUrl());
        assertThat(refused.getString("message")).doesNotContain(grant.accessToken());

        setToken(id, tokens.authorize("mcp:read").accessToken());
        assertThat(text(call(id, "test-tool", "{}"))).isEqualTo("ok");
        broker.delete(SESSIONS + "/" + id, BrokerClient.ADMIN);

        JsonObject refusedAtOpen = failed(broker.post(SESSIONS, Json.createObjectBuilder()
                .add("url", peers.mcpUrl()).add("token", grant.accessToken()).build().toString(), BrokerClient.ADMIN));
        assertThat(refusedAtOpen.getInt("status")).isEqualTo(401);
        assertThat(refusedAtOpen.getJsonObject("challenge").getString("resource_metadata")).isEqualTo(peers.prmUrl());
        assertThat(refusedAtOpen.getJsonArray("askedBy")).as("asked once: a refusal is never replayed").hasSize(1);
    }

    @Test
    void adminActionWithoutMcpAdminYields403InsufficientScopeAndWorksAfterStepUp() {
        String id = open(tokens.authorize("mcp:read").accessToken()).getString("id");

        JsonObject refused = failed(broker.post(SESSIONS + "/" + id + "/calls",
                "{\"name\":\"admin-action\",\"arguments\":{}}", BrokerClient.ADMIN));
        assertThat(refused.getInt("status")).isEqualTo(403);
        assertThat(refused.getBoolean("insufficientScope")).isTrue();
        assertThat(strings(refused.getJsonArray("scopes").getValuesAs(JsonString.class)))
                .containsExactly("mcp:read", "mcp:admin");
        assertThat(refused.getJsonObject("challenge").getString("resource_metadata")).isEqualTo(peers.prmUrl());

        Grant stepUp = tokens.authorize("mcp:read mcp:admin");
        assertThat(stepUp.scope()).isEqualTo("mcp:read mcp:admin");
        setToken(id, stepUp.accessToken());
        assertThat(text(call(id, "admin-action", "{}"))).isEqualTo("admin action done");
        broker.delete(SESSIONS + "/" + id, BrokerClient.ADMIN);
    }

    JsonObject open(String accessToken) {
        return ok(broker.post(SESSIONS, Json.createObjectBuilder()
                .add("url", peers.mcpUrl()).add("token", accessToken).build().toString(), BrokerClient.ADMIN));
    }

    JsonObject call(String id, String tool, String arguments) {
        return ok(broker.post(SESSIONS + "/" + id + "/calls",
                "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}", BrokerClient.ADMIN));
    }

    void setToken(String id, String accessToken) {
        HttpResponse<String> set = broker.put(SESSIONS + "/" + id + "/token",
                Json.createObjectBuilder().add("token", accessToken).build().toString(), BrokerClient.ADMIN);
        assertThat(set.statusCode()).isEqualTo(204);
    }

    /** The MCP server logs each request as {@code DELETE /mcp <status>} once answered. */
    static long acceptedDeletes() {
        return peers.mcpServer().logLines().stream().filter(line -> line.contains("DELETE /mcp 200")).count();
    }

    static long acceptedDeletesAfterwards(long before) {
        for (int attempt = 0; attempt < 20 && acceptedDeletes() == before; attempt++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return acceptedDeletes();
    }

    static String text(JsonObject called) {
        return called.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
    }

    static List<String> strings(List<JsonString> values) {
        return values.stream().map(JsonString::getString).toList();
    }

    static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    static JsonObject failed(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        return json(response);
    }
}
