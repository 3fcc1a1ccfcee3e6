package dev.mcpoauth.peers;

import static dev.mcpoauth.peers.JsonMaps.number;
import static dev.mcpoauth.peers.JsonMaps.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.peers.PeerTokens.Grant;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the stateless 2026-07-28 MCP peer without the broker: real tokens from oidc-provider
 * (through its login and consent pages), and the MCP Java SDK's own 2026-07-28 client.
 */
@Timeout(120)
class StatelessPeerTest {

    private static Peers peers;
    private static PeerTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<String> accessToken = new AtomicReference<>();

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("stateless-").statelessMcpServer().start();
        tokens = new PeerTokens(peers);
    }

    @AfterAll
    static void stopPeers() {
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    void servesToolsResourcesAndPromptsStatelesslyToTheSdksOwnClient() {
        Grant grant = tokens.authorize("mcp:read");
        accessToken.set(grant.accessToken());
        peers.resetCounters();
        McpSyncClient client = client();

        McpSchema.DiscoverResult discovered = client.discover();
        assertThat(discovered.supportedVersions()).containsExactly("2026-07-28");
        assertThat(discovered.capabilities().tools()).isNotNull();
        assertThat(discovered.capabilities().resources()).isNotNull();
        assertThat(discovered.capabilities().prompts()).isNotNull();

        // tools: two pages, a call, an error result, an unknown tool
        McpSchema.ListToolsResult first = client.tools().list();
        assertThat(first.tools()).extracting(McpSchema.Tool::name).containsExactly("echo", "whoami", "admin-action");
        assertThat(first.nextCursor()).isNotBlank();
        McpSchema.ListToolsResult second = client.tools().cursor(first.nextCursor()).list();
        assertThat(second.tools()).extracting(McpSchema.Tool::name).containsExactly("test-tool", "always-fails");
        assertThat(second.nextCursor()).isNull();
        assertThat(text(client.tool("echo").arguments(Map.of("text", "hello stateless")).call()))
                .isEqualTo("hello stateless");
        assertThat(text(client.tool("whoami").call())).contains("\"sub\":\"alice\"").contains(tokens.clientId);
        McpSchema.CallToolResult failed = client.tool("always-fails").call();
        assertThat(failed.isError()).isTrue();
        // by name, the SDK's HTTP client looks the tool up in tools/list first (to mirror Mcp-Param
        // headers) and refuses an unlisted one itself; with a definition it asks the server
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> client.tool("no-such-tool").call()))
                .hasMessageContaining("isn't listed by the server");
        assertThat(jsonRpcCode(() -> client.tool(McpSchema.Tool.builder("no-such-tool", Map.of("type", "object"))
                .build()).call())).isEqualTo(-32602);
        assertThat(jsonRpcCode(() -> client.tools().cursor("bm90LWEtY3Vyc29y").list())).isEqualTo(-32602);

        // resources: two pages, a template, static and templated reads, an unknown URI
        McpSchema.ListResourcesResult resources = client.resources().list();
        assertThat(resources.resources()).extracting(McpSchema.Resource::uri)
                .containsExactly("test://static/readme", "test://static/motd", "test://static/colours");
        assertThat(client.resources().cursor(resources.nextCursor()).list().resources())
                .extracting(McpSchema.Resource::uri).containsExactly("test://static/numbers");
        assertThat(client.resourceTemplates().list().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate).containsExactly("test://items/{id}");
        assertThat(contents(client.resource("test://static/readme").read())).isEqualTo("This is the stateless MCP test peer.");
        assertThat(contents(client.resource("test://items/42").read())).isEqualTo("item 42");
        assertThat(jsonRpcCode(() -> client.resource("test://nowhere").read())).isEqualTo(-32602);

        // prompts: one page, a get with its required argument, one without it
        assertThat(client.prompts().list().prompts()).extracting(McpSchema.Prompt::name)
                .containsExactly("greeting", "plain");
        McpSchema.GetPromptResult greeting = client.prompt("greeting").arguments(Map.of("name", "Alice")).get();
        assertThat(((McpSchema.TextContent) greeting.messages().get(0).content()).text()).isEqualTo("Say hello to Alice.");
        assertThat(jsonRpcCode(() -> client.prompt("greeting").get())).isEqualTo(-32602);
        assertThat(jsonRpcCode(() -> client.prompt("no-such-prompt").get())).isEqualTo(-32602);

        Map<String, Object> counters = peers.mcpCounters();
        long requests = number(counters, "protocolVersionHeaders.2026-07-28");
        assertThat(requests).as("%s", counters).isGreaterThanOrEqualTo(18);
        assertThat(number(counters, "metaProtocolVersions.2026-07-28")).as("%s", counters).isEqualTo(requests);
        assertThat(number(counters, "methods.server/discover")).as("%s", counters).isPositive();
        assertThat(number(counters, "methodHeaders.server/discover")).isEqualTo(number(counters, "methods.server/discover"));
        assertThat(number(counters, "methods.tools/call")).isEqualTo(number(counters, "methodHeaders.tools/call"));
        assertThat(number(counters, "methods.initialize")).isZero();
        assertThat(number(counters, "protocolVersionHeaders.none")).isZero();
        assertThat(number(counters, "callsByTool.echo")).isEqualTo(1);
        assertThat(number(counters, "unauthorized")).isZero();

        assertThat(String.join("\n", peers.mcpServer().logLines())).doesNotContain(grant.accessToken());
    }

    @Test
    void refusesMissingAndRevokedTokensWithTheResourceMetadataPointer() {
        accessToken.set(null);
        McpHttpStatusException missing = catchThrowableOfType(McpHttpStatusException.class, () -> client().discover());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer resource_metadata=\"" + peers.prmUrl() + "\"");

        Map<String, Object> prm = JsonMaps.parse(get(peers.prmUrl()).body());
        assertThat(string(prm, "resource")).isEqualTo(peers.mcpUrl());
        assertThat(JsonMaps.strings(prm, "authorization_servers")).containsExactly(peers.asIssuer());

        Grant grant = tokens.authorize("mcp:read");
        accessToken.set(grant.accessToken());
        assertThat(client().discover().supportedVersions()).contains("2026-07-28");
        tokens.revoke(grant.accessToken());
        McpHttpStatusException revoked = catchThrowableOfType(McpHttpStatusException.class, () -> client().discover());
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"").contains("resource_metadata=\"" + peers.prmUrl() + "\"");
    }

    @Test
    void adminActionNeedsMcpAdminAtTheHttpLayer() {
        accessToken.set(tokens.authorize("mcp:read").accessToken());
        long calls = peers.mcpCounter("callsByTool.admin-action");

        McpHttpStatusException refused = catchThrowableOfType(McpHttpStatusException.class,
                () -> client().tool("admin-action").call());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"")
                .contains("scope=\"mcp:read mcp:admin\"")
                .contains("resource_metadata=\"" + peers.prmUrl() + "\"");
        assertThat(peers.mcpCounter("callsByTool.admin-action")).isEqualTo(calls);

        accessToken.set(tokens.authorize("mcp:read mcp:admin").accessToken());
        assertThat(text(client().tool("admin-action").call())).isEqualTo("admin action done");
    }

    @Test
    void answersTheWireErrorsWithTheirJsonRpcCodesAndHttpStatuses() {
        String token = tokens.authorize("mcp:read").accessToken();
        peers.resetCounters();

        // a 2025 client's initialize: -32022 with the versions it supports, HTTP 400
        HttpResponse<String> initialize = post(token, null, null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"old","version":"1"}}}""");
        assertThat(initialize.statusCode()).isEqualTo(400);
        assertThat(string(JsonMaps.parse(initialize.body()), "error.code")).isEqualTo("-32022");
        assertThat(JsonMaps.strings(JsonMaps.parse(initialize.body()), "error.data.supported")).containsExactly("2026-07-28");
        assertThat(peers.mcpCounter("methods.initialize")).isEqualTo(1);

        HttpResponse<String> unknownTool = post(token, "tools/call", "nope", modern("tools/call", "\"name\":\"nope\""));
        assertThat(unknownTool.statusCode()).isEqualTo(400);
        assertThat(string(JsonMaps.parse(unknownTool.body()), "error.code")).isEqualTo("-32602");

        HttpResponse<String> unknownMethod = post(token, "sampling/nothing", null, modern("sampling/nothing", "\"x\":1"));
        assertThat(unknownMethod.statusCode()).isEqualTo(404);
        assertThat(string(JsonMaps.parse(unknownMethod.body()), "error.code")).isEqualTo("-32601");

        HttpResponse<String> noMethodHeader = post(token, null, null, modern("tools/list", "\"x\":1"));
        assertThat(noMethodHeader.statusCode()).isEqualTo(400);
        assertThat(string(JsonMaps.parse(noMethodHeader.body()), "error.code")).isEqualTo("-32020");

        HttpResponse<String> missingArgument = post(token, "prompts/get", "greeting",
                modern("prompts/get", "\"name\":\"greeting\",\"arguments\":{}"));
        assertThat(missingArgument.statusCode()).isEqualTo(400);
        assertThat(string(JsonMaps.parse(missingArgument.body()), "error.code")).isEqualTo("-32602");

        HttpResponse<String> badToolArguments = post(token, "tools/call", "echo",
                modern("tools/call", "\"name\":\"echo\",\"arguments\":{\"text\":7}"));
        assertThat(badToolArguments.statusCode()).as("a schema violation is an error result").isEqualTo(200);
        assertThat(string(JsonMaps.parse(badToolArguments.body()), "result.isError")).isEqualTo("true");

        HttpResponse<String> stream = send(HttpRequest.newBuilder(URI.create(peers.mcpUrl()))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET());
        assertThat(stream.statusCode()).as("no GET stream at 2026-07-28").isEqualTo(405);
        assertThat(peers.mcpCounter("methods.http:GET")).isEqualTo(1);
    }

    private McpSyncClient client() {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(peers.mcpUrl())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) -> {
                    String token = accessToken.get();
                    if (token != null) {
                        headers.set("Authorization", "Bearer " + token);
                    }
                }))
                .build();
        return McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("StatelessPeerTest", "1").build())
                .roundTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static String modern(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":{" + params
                + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    }

    private HttpResponse<String> post(String token, String mcpMethod, String mcpName, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(peers.mcpUrl()))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (mcpMethod != null) {
            request.header("Mcp-Method", mcpMethod).header("MCP-Protocol-Version", "2026-07-28");
        }
        if (mcpName != null) {
            request.header("Mcp-Name", mcpName);
        }
        return send(request);
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int jsonRpcCode(Runnable call) {
        return catchThrowableOfType(McpException.class, call::run).error().code();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static String contents(McpSchema.ReadResourceResult result) {
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }
}
