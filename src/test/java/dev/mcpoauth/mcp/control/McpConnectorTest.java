package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import dev.mcpoauth.outbound.control.UrlGuard;
import dev.mcpoauth.outbound.entity.UrlForbiddenException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class McpConnectorTest {

    FakeMcpServer server;
    McpConnector connector;
    final Tokens tokens = new Tokens();

    /** A token source that records on which thread it is asked. */
    static final class Tokens implements TokenSource {
        final AtomicReference<String> current = new AtomicReference<>("token-1");
        final List<Thread> askedOn = new CopyOnWriteArrayList<>();

        @Override
        public String accessToken() {
            askedOn.add(Thread.currentThread());
            return current.get();
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new FakeMcpServer();
        server.validTokens.add("token-1");
        connector = connector(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    McpConnector connector(Duration requestTimeout) {
        UrlGuard loopback = new UrlGuard(true, List.of(), host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
        return new McpConnector(loopback, new WireMemory(), requestTimeout, Duration.ofSeconds(2));
    }

    @Test
    void sendsEveryRequestOfASessionToTheAddressVettedWhenItOpenedWithTheRealHostName() throws Exception {
        List<String> lookups = new CopyOnWriteArrayList<>();
        UrlGuard rebinding = new UrlGuard(true, List.of(), host -> {
            lookups.add(host);
            return new InetAddress[] {InetAddress.getByName(lookups.size() == 1 ? "127.0.0.1" : "10.0.0.1")};
        });
        URI named = URI.create("http://mcp.example:" + server.url().getPort() + "/mcp");

        try (McpSession session = new McpConnector(rebinding, new WireMemory(), Duration.ofSeconds(10), Duration.ofSeconds(2))
                .open(named, tokens)) {
            session.listTools();
        }

        assertThat(lookups).containsExactly("mcp.example");
        assertThat(server.requests("tools/list")).hasSize(2);
        assertThat(server.hosts).hasSizeGreaterThan(3).containsOnly("mcp.example:" + server.url().getPort());
    }

    @Test
    void initializesListsEveryPageAndCallsATool() {
        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThat(session.server().getJsonObject("serverInfo").getString("name")).isEqualTo("fake");

            JsonArray tools = session.listTools();
            assertThat(tools.getValuesAs(JsonObject.class)).extracting(tool -> tool.getString("name"))
                    .containsExactly("echo", "admin", "slow");

            JsonObject result = session.callTool("echo", Json.createObjectBuilder().add("text", "hi").build());
            assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("hi");
        }
        assertThat(server.requests("tools/list")).hasSize(2);
    }

    @Test
    void asksTheSourceOnTheCallersThreadOncePerOperationAndSendsThatTokenOnEachRequest() {
        server.validTokens.add("token-2");
        try (McpSession session = connector.open(server.url(), tokens)) {
            tokens.current.set("token-2");
            session.callTool("echo", Json.createObjectBuilder().add("text", "x").build());
            session.listTools();

            // server/discover, initialize, tools/call, two tools/list pages
            assertThat(tokens.askedOn).hasSize(5).containsOnly(Thread.currentThread());
        }
        assertThat(server.requests("initialize")).extracting(FakeMcpServer.Seen::authorization)
                .containsExactly("Bearer token-1");
        assertThat(server.requests("notifications/initialized")).extracting(FakeMcpServer.Seen::authorization)
                .containsExactly("Bearer token-1");
        assertThat(server.requests("tools/call")).extracting(FakeMcpServer.Seen::authorization)
                .containsExactly("Bearer token-2");
        assertThat(server.requests("tools/list")).extracting(FakeMcpServer.Seen::authorization)
                .containsExactly("Bearer token-2", "Bearer token-2");
    }

    @Test
    void closesWithADeleteCarryingTheLastToken() {
        server.validTokens.add("token-2");
        McpSession session = connector.open(server.url(), tokens);
        tokens.current.set("token-2");
        session.listTools();
        session.close();
        session.close();

        assertThat(server.requestsByHttpMethod("DELETE"))
                .extracting(FakeMcpServer.Seen::authorization, FakeMcpServer.Seen::session)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Bearer token-2", FakeMcpServer.SESSION));
        assertThatThrownBy(session::listTools).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void surfacesA401AtInitializeWithItsChallenge() {
        tokens.current.set("expired");

        assertThatThrownBy(() -> connector.open(server.url(), tokens))
                .isInstanceOfSatisfying(McpAuthorizationException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(401);
                    assertThat(refused.isUnauthorized()).isTrue();
                    assertThat(refused.challenge().orElseThrow().isInvalidToken()).isTrue();
                    assertThat(refused.resourceMetadata()).contains(server.resourceMetadata());
                    assertThat(refused.getMessage()).doesNotContain("expired");
                });
        assertThat(server.requests("server/discover")).as("no replay with the same token").hasSize(1);
        assertThat(server.requests("initialize")).as("a refused token is no sign of another revision").isEmpty();
    }

    @Test
    void surfacesA401InTheSessionAndWorksAgainWithAFreshToken() {
        try (McpSession session = connector.open(server.url(), tokens)) {
            server.validTokens.remove("token-1");

            assertThatThrownBy(session::listTools).isInstanceOfSatisfying(McpAuthorizationException.class,
                    refused -> assertThat(refused.isUnauthorized()).isTrue());

            server.validTokens.add("token-2");
            tokens.current.set("token-2");
            assertThat(session.listTools()).hasSize(3);
        }
    }

    @Test
    void surfacesA403InsufficientScopeWithTheChallengedScopes() {
        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThatThrownBy(() -> session.callTool("admin", null))
                    .isInstanceOfSatisfying(McpAuthorizationException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(403);
                        assertThat(refused.isInsufficientScope()).isTrue();
                        assertThat(refused.challengedScopes()).containsExactly("mcp:read", "mcp:admin");
                    });

            server.adminToken = "token-admin";
            server.validTokens.add("token-admin");
            tokens.current.set("token-admin");
            assertThat(session.callTool("admin", null).getJsonArray("content").getJsonObject(0).getString("text"))
                    .isEqualTo("done");
        }
    }

    @Test
    void letsTheTokenSourcesOwnExceptionThrough() {
        IllegalStateException noToken = new IllegalStateException("authorization required");
        try (McpSession session = connector.open(server.url(), tokens)) {
            TokenSource failing = () -> {
                throw noToken;
            };
            assertThatThrownBy(() -> connector.open(server.url(), failing)).isSameAs(noToken);
            assertThat(session.listTools()).hasSize(3);
        }
    }

    @Test
    void reportsAnUnknownToolAsInvalidParams() {
        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThatThrownBy(() -> session.callTool("nope", null))
                    .isInstanceOfSatisfying(McpSessionException.class, failure -> {
                        assertThat(failure.reason()).isEqualTo(Reason.INVALID_PARAMS);
                        assertThat(failure.jsonRpcCode()).isEqualTo(-32602);
                    });
        }
    }

    @Test
    void reportsATimeout() {
        try (McpSession session = connector(Duration.ofMillis(500)).open(server.url(), tokens)) {
            assertThatThrownBy(() -> session.callTool("slow", null))
                    .isInstanceOfSatisfying(McpSessionException.class,
                            failure -> assertThat(failure.reason()).isEqualTo(Reason.TIMED_OUT));
        }
    }

    @Test
    void reportsAnUnreachableServer() {
        URI closed = server.url();
        server.close();

        assertThatThrownBy(() -> connector.open(closed, tokens))
                .isInstanceOfSatisfying(McpSessionException.class,
                        failure -> assertThat(failure.reason()).isEqualTo(Reason.UNREACHABLE));
    }

    @Test
    void refusesAUrlThePolicyForbidsBeforeAskingForAToken() {
        UrlGuard strict = new UrlGuard(false, List.of(), host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
        McpConnector guarded = new McpConnector(strict, new WireMemory(), Duration.ofSeconds(5), Duration.ofSeconds(2));

        assertThatThrownBy(() -> guarded.open(server.url(), tokens)).isInstanceOf(UrlForbiddenException.class);
        assertThat(tokens.askedOn).isEmpty();
        assertThat(server.seen).isEmpty();
    }

    @Test
    void splitsTheUrlIntoOriginAndEndpoint() {
        URI url = URI.create("https://Mcp.Example.com:8443/tenants/a%20b/mcp?x=1");
        assertThat(McpConnector.origin(url)).isEqualTo("https://Mcp.Example.com:8443");
        assertThat(McpConnector.endpoint(url)).isEqualTo("/tenants/a%20b/mcp?x=1");
        assertThat(McpConnector.endpoint(URI.create("https://mcp.example.com"))).isEqualTo("/");
    }
}
