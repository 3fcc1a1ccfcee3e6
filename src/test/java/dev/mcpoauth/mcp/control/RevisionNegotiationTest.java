package dev.mcpoauth.mcp.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import dev.mcpoauth.mcp.entity.McpWire;
import dev.mcpoauth.outbound.control.UrlGuard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One connector, one server that speaks 2026-07-28 or an initialize session, and what the broker makes of each. */
@Timeout(30)
class RevisionNegotiationTest {

    FakeMcpServer server;
    final WireMemory wires = new WireMemory();
    McpConnector connector;
    final TokenSource tokens = () -> "token-1";

    @BeforeEach
    void start() throws Exception {
        server = new FakeMcpServer();
        server.validTokens.add("token-1");
        UrlGuard loopback = new UrlGuard(true, List.of(), host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
        connector = new McpConnector(loopback, wires, Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void speaksTheCurrentRevisionToAServerThatDiscoversAndRemembersIt() {
        server.stateless = true;

        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThat(session.protocolVersion()).isEqualTo("2026-07-28");
            assertThat(session.server().getJsonObject("serverInfo").getString("name")).isEqualTo("fake");
            assertThat(session.listTools(null).getJsonArray("tools")).hasSize(2);
        }
        try (McpSession again = connector.open(server.url(), tokens)) {
            again.listTools(null);
        }

        assertThat(wires.spoken(server.url().toString())).contains(McpWire.STATELESS);
        assertThat(server.requests("server/discover")).as("negotiated once, not on every call").hasSize(1);
        assertThat(server.requests("initialize")).isEmpty();
        assertThat(server.revisions).containsOnly("2026-07-28");
        assertThat(server.requests("tools/list")).extracting(FakeMcpServer.Seen::authorization)
                .containsOnly("Bearer token-1");
    }

    @Test
    void opensAnInitializeSessionWhenServerDiscoverIsNoMethodThereAndRemembersThat() {
        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThat(session.protocolVersion()).isEqualTo("2025-11-25");
        }
        try (McpSession again = connector.open(server.url(), tokens)) {
            assertThat(again.protocolVersion()).isEqualTo("2025-11-25");
        }

        assertThat(wires.spoken(server.url().toString())).contains(McpWire.SESSION);
        assertThat(server.requests("server/discover")).hasSize(1);
        assertThat(server.requests("initialize")).hasSize(2);
    }

    @Test
    void negotiatesAgainWhenARememberedServerMovedToTheCurrentRevision() {
        connector.open(server.url(), tokens).close();
        server.stateless = true;

        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThat(session.protocolVersion()).isEqualTo("2026-07-28");
        }
        assertThat(wires.spoken(server.url().toString())).contains(McpWire.STATELESS);
    }

    @Test
    void aServerThatStoppedSpeakingTheRememberedRevisionIsNegotiatedAgain() {
        server.stateless = true;
        connector.open(server.url(), tokens).close();
        server.stateless = false;

        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThatThrownBy(() -> session.listTools(null)).isInstanceOfSatisfying(McpSessionException.class,
                    failure -> assertThat(failure.mayMeanAnotherRevision()).isTrue());
        }
        assertThat(connector.revisionChanged(server.url(), tokens)).isTrue();
        assertThat(wires.spoken(server.url().toString())).isEmpty();
        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThat(session.protocolVersion()).isEqualTo("2025-11-25");
        }
    }

    @Test
    void aRefusedTokenIsNoSignOfAnotherRevision() {
        server.validTokens.clear();

        assertThatThrownBy(() -> connector.open(server.url(), tokens)).isInstanceOf(McpAuthorizationException.class);
        assertThat(server.requests("initialize")).isEmpty();
        assertThat(wires.spoken(server.url().toString())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void pagesReadsAndGetsResourcesAndPromptsOnEitherWire(boolean stateless) {
        server.stateless = stateless;

        try (McpSession session = connector.open(server.url(), tokens)) {
            JsonObject first = session.listResources(null);
            assertThat(first.getJsonArray("resources").getJsonObject(0).getString("uri")).isEqualTo("file:///a.txt");
            assertThat(first.getString("nextCursor")).isEqualTo("resources-2");
            JsonObject second = session.listResources("resources-2");
            assertThat(second.getJsonArray("resources").getJsonObject(0).getString("uri")).isEqualTo("file:///b.txt");
            assertThat(second.containsKey("nextCursor")).isFalse();
            assertThat(session.listResourceTemplates(null).getJsonArray("resourceTemplates").getJsonObject(0)
                    .getString("uriTemplate")).isEqualTo("file:///{name}.txt");
            assertThat(session.readResource("file:///a.txt").getJsonArray("contents").getJsonObject(0).getString("text"))
                    .isEqualTo("A");
            assertThat(session.listPrompts(null).getJsonArray("prompts").getJsonObject(0).getString("name"))
                    .isEqualTo("greet");
            JsonObject prompt = session.getPrompt("greet", Map.of("name", "Alice"));
            assertThat(prompt.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text"))
                    .isEqualTo("Hello Alice");
            JsonObject echoed = session.callTool("echo", Json.createObjectBuilder().add("text", "hi").build());
            assertThat(echoed.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("hi");
            assertThat(echoed.keySet()).as("the same result on either wire").containsExactly("content");
            assertThat(first.keySet()).containsExactly("resources", "nextCursor");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void saysWhatTheServerRefusedWithItsJsonRpcCode(boolean stateless) {
        server.stateless = stateless;

        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThatThrownBy(() -> session.readResource("file:///missing.txt"))
                    .isInstanceOfSatisfying(McpSessionException.class, failure -> {
                        assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
                        assertThat(failure.jsonRpcCode()).isEqualTo(-32002);
                        assertThat(failure.getMessage()).isEqualTo("The MCP server has no such resource: Resource not found");
                    });
            assertThatThrownBy(() -> session.getPrompt("greet", Map.of()))
                    .isInstanceOfSatisfying(McpSessionException.class, failure -> {
                        assertThat(failure.reason()).isEqualTo(Reason.INVALID_PARAMS);
                        assertThat(failure.jsonRpcCode()).isEqualTo(-32602);
                    });
            assertThatThrownBy(() -> session.callTool("nope", null))
                    .isInstanceOfSatisfying(McpSessionException.class,
                            failure -> assertThat(failure.reason()).isEqualTo(Reason.INVALID_PARAMS));
        }
    }

    @Test
    void declinesAnElicitationTheServerAsksForAtTheCurrentRevision() {
        server.stateless = true;

        try (McpSession session = connector.open(server.url(), tokens)) {
            assertThatThrownBy(() -> session.callTool("ask", null))
                    .isInstanceOfSatisfying(McpSessionException.class, failure -> {
                        assertThat(failure.reason()).isEqualTo(Reason.INPUT_DECLINED);
                        assertThat(failure.getMessage()).contains("elicitation/create");
                    });
        }
        assertThat(server.requests("tools/call")).as("declined, not retried").hasSize(1);
    }
}
