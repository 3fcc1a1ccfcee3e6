package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.BOB;
import static dev.mcpoauth.it.BrokerClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.Peers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tools, resources and prompts through the broker's REST API, one upstream page at a time, against
 * the TypeScript SDK's MCP server (src/test/peers/mcp-features.mjs pages every list by two) with
 * alice connected through oidc-provider's real login and consent pages.
 */
@ArquillianTest
class McpFeaturesIT {

    static Peers peers;
    static String aliceConnection;

    final BrokerClient broker = BrokerClient.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("features-").accessTokenTtl(Duration.ofSeconds(60)).start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void listsToolsOnePageAtATimePassingTheCursorThrough() {
        JsonObject first = ok(get("tools"));
        assertThat(names(first, "tools", "name")).containsExactly("echo", "whoami");
        JsonObject echo = first.getJsonArray("tools").getJsonObject(0);
        assertThat(echo.getJsonObject("inputSchema").getJsonObject("properties").containsKey("text")).isTrue();
        JsonObject second = ok(get("tools?cursor=" + encode(first.getString("nextCursor"))));
        assertThat(names(second, "tools", "name")).containsExactly("admin-action", "test-tool");
        JsonObject last = ok(get("tools?cursor=" + encode(second.getString("nextCursor"))));
        assertThat(names(last, "tools", "name")).containsExactly("ask-client");
        assertThat(last.containsKey("nextCursor")).as("the last page").isFalse();

        // pagination: "Invalid cursors SHOULD result in an error with code -32602"
        assertMcpProblem(get("tools?cursor=" + encode("bm90LWEtY3Vyc29y")), 422, "mcp-invalid-params", -32602);
    }

    @Test
    void listsResourcesAndTemplatesOnePageAtATime() {
        List<List<String>> resources = allPages("resources", "resources", "uri");
        assertThat(resources).containsExactly(List.of("docs://readme", "docs://changelog"),
                List.of("config://settings", "images://logo.png"), List.of("notes://1", "notes://2"),
                List.of("notes://3"));
        JsonObject logo = ok(get("resources?cursor=" + encode(ok(get("resources")).getString("nextCursor"))))
                .getJsonArray("resources").getJsonObject(1);
        assertThat(logo.getString("name")).isEqualTo("logo");
        assertThat(logo.getString("mimeType")).isEqualTo("image/png");

        assertThat(allPages("resources/templates", "resourceTemplates", "uriTemplate"))
                .containsExactly(List.of("notes://{id}", "greetings://{name}"), List.of("squares://{n}"));
        assertThat(ok(get("resources/templates")).getJsonArray("resourceTemplates").getJsonObject(0).getString("name"))
                .isEqualTo("note");
    }

    @Test
    void readsTextBlobAndTemplatedResources() {
        JsonObject readme = onlyContent(ok(read("docs://readme")));
        assertThat(readme.getString("uri")).isEqualTo("docs://readme");
        assertThat(readme.getString("mimeType")).isEqualTo("text/markdown");
        assertThat(readme.getString("text")).startsWith("# Test peer");

        JsonObject logo = onlyContent(ok(read("images://logo.png")));
        assertThat(logo.getString("mimeType")).isEqualTo("image/png");
        assertThat(logo.containsKey("text")).isFalse();
        assertThat(Base64.getDecoder().decode(logo.getString("blob"))).startsWith(0x89, 'P', 'N', 'G');

        assertThat(onlyContent(ok(read("notes://2"))).getString("text")).isEqualTo("Call the dentist");
        assertThat(onlyContent(ok(read("greetings://alice"))).getString("text")).isEqualTo("Hello, alice!");
    }

    @Test
    void aMissingResourceIsNotFoundAndAUriNothingMatchesIsInvalidParams() {
        // the notes://{id} template answers -32002 itself (2025-11-25 server/resources, Error Handling)
        assertMcpProblem(read("notes://404"), 404, "mcp-not-found", -32002);
        // McpServer 1.32.2 answers -32602 "Resource nowhere://at-all not found" for a URI no resource or
        // template matches: it has no error code for resource not found
        assertMcpProblem(read("nowhere://at-all"), 422, "mcp-invalid-params", -32602);
    }

    @Test
    void listsPromptsAndGetsOneWithItsArguments() {
        assertThat(allPages("prompts", "prompts", "name")).containsExactly(List.of("summarize", "review-code"),
                List.of("hello"));
        JsonObject summarize = ok(get("prompts")).getJsonArray("prompts").getJsonObject(0);
        assertThat(summarize.getJsonArray("arguments").getValuesAs(JsonObject.class))
                .extracting(argument -> argument.getString("name"), argument -> argument.getBoolean("required"))
                .containsExactly(tuple("text", true),
                        tuple("style", false));

        JsonObject prompt = ok(post("prompts/summarize", "{\"text\":\"MCP is a protocol.\",\"style\":\"terse\"}"));

        assertThat(prompt.getString("description")).isEqualTo("A summary request");
        JsonObject message = prompt.getJsonArray("messages").getJsonObject(0);
        assertThat(message.getString("role")).isEqualTo("user");
        assertThat(message.getJsonObject("content").getString("text"))
                .isEqualTo("Summarize in a terse style: MCP is a protocol.");
        assertThat(ok(post("prompts/hello", "{}")).getJsonArray("messages").getJsonObject(0).getJsonObject("content")
                .getString("text")).isEqualTo("Hello!");
    }

    @Test
    void aMissingPromptArgumentAndAnUnknownPromptAreInvalidParams() {
        // McpServer's zod check: "Invalid arguments for prompt summarize: ... expected string, received undefined at text"
        assertMcpProblem(post("prompts/summarize", "{\"style\":\"terse\"}"), 422, "mcp-invalid-params", -32602);
        assertMcpProblem(post("prompts/no-such-prompt", "{}"), 422, "mcp-invalid-params", -32602);
    }

    @Test
    void anUnknownToolIsAToolErrorResultAsTheSdkAnswersIt() {
        // McpServer 1.32.2 catches its own "Tool ... not found" McpError and returns a CallToolResult
        JsonObject result = ok(post("tools/no-such-tool", "{}"));

        assertThat(result.getBoolean("isError")).isTrue();
        assertThat(result.getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("MCP error -32602: Tool no-such-tool not found");
    }

    @Test
    void declinesEveryServerInitiatedRequestDuringAToolCallWithAnError() {
        long asked = peers.mcpCounter("callsByTool.ask-client");

        // 3 x 8 s stays below the broker's and this client's 30 s: left hanging, each would say "timeout"
        JsonObject result = ok(post("tools/ask-client", "{\"timeoutMs\":8000}"));

        assertThat(result.containsKey("isError") && result.getBoolean("isError")).as(result.toString()).isFalse();
        JsonObject report = Json.createReader(new StringReader(result.getJsonArray("content").getJsonObject(0)
                .getString("text"))).readObject();
        for (String method : List.of("sampling/createMessage", "elicitation/create", "roots/list")) {
            JsonObject outcome = report.getJsonObject(method);
            assertThat(outcome.getString("outcome")).as(method + ": " + outcome).isEqualTo("error");
            // JSON-RPC 2.0 §5.1: a client without the capability has no such method
            assertThat(outcome.getInt("code")).as(method + ": " + outcome).isEqualTo(-32601);
        }
        // the SDK's elicitInput does not send without the client's elicitation capability
        assertThat(report.getJsonObject("elicitation/create via elicitInput").getString("outcome"))
                .isEqualTo("not-sent");
        assertThat(peers.mcpCounter("callsByTool.ask-client")).isEqualTo(asked + 1);
    }

    @Test
    void bobCannotReachAlicesResourcesOrPrompts() {
        String connection = aliceConnection();
        long reads = peers.mcpCounter("served.resources/read");
        long prompts = peers.mcpCounter("served.prompts/get");

        String base = "api/v1/connections/" + connection + "/";
        BrokerIT.assertProblem(broker.get(base + "resources", BOB), 404, "not-found");
        BrokerIT.assertProblem(broker.get(base + "resources/templates", BOB), 404, "not-found");
        BrokerIT.assertProblem(broker.get(base + "resources/read?uri=" + encode("docs://readme"), BOB), 404,
                "not-found");
        BrokerIT.assertProblem(broker.get(base + "prompts", BOB), 404, "not-found");
        BrokerIT.assertProblem(broker.post(base + "prompts/hello", "{}", BOB), 404, "not-found");

        assertThat(peers.mcpCounter("served.resources/read")).as("no read reached the MCP server").isEqualTo(reads);
        assertThat(peers.mcpCounter("served.prompts/get")).as("no prompt reached the MCP server").isEqualTo(prompts);
        assertThat(onlyContent(ok(read("docs://readme"))).getString("uri")).as("alice still can")
                .isEqualTo("docs://readme");
    }

    // ---- helpers -----------------------------------------------------------------------------

    HttpResponse<String> get(String path) {
        return broker.get("api/v1/connections/" + aliceConnection() + "/" + path, ALICE);
    }

    HttpResponse<String> post(String path, String json) {
        return broker.post("api/v1/connections/" + aliceConnection() + "/" + path, json, ALICE);
    }

    HttpResponse<String> read(String uri) {
        return get("resources/read?uri=" + encode(uri));
    }

    /** Every page of a list, following nextCursor, as the names of its items. */
    List<List<String>> allPages(String path, String key, String name) {
        List<List<String>> pages = new ArrayList<>();
        JsonObject page = ok(get(path));
        pages.add(names(page, key, name));
        while (page.containsKey("nextCursor") && pages.size() < 20) {
            page = ok(get(path + "?cursor=" + encode(page.getString("nextCursor"))));
            pages.add(names(page, key, name));
        }
        return pages;
    }

    static List<String> names(JsonObject page, String key, String name) {
        return page.getJsonArray(key).getValuesAs(JsonObject.class).stream().map(item -> item.getString(name)).toList();
    }

    static JsonObject onlyContent(JsonObject readResult) {
        assertThat(readResult.getJsonArray("contents")).as(readResult.toString()).hasSize(1);
        return readResult.getJsonArray("contents").getJsonObject(0);
    }

    static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    static JsonObject assertMcpProblem(HttpResponse<String> response, int status, String slug, int jsonRpcCode) {
        BrokerIT.assertProblem(response, status, slug);
        JsonObject problem = json(response);
        assertThat(problem.get("jsonRpcCode")).as(response.body()).isNotNull();
        assertThat(problem.get("jsonRpcCode").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
        assertThat(problem.getInt("jsonRpcCode")).as(response.body()).isEqualTo(jsonRpcCode);
        return problem;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** alice's connection, made once through the real login and consent pages. */
    String aliceConnection() {
        synchronized (McpFeaturesIT.class) {
            if (aliceConnection == null) {
                aliceConnection = connect(createServer(), ALICE, "alice");
            }
            return aliceConnection;
        }
    }

    String createServer() {
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s"}
                """.formatted("features-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("id");
    }

    String connect(String serverId, String authorization, String asUser) {
        HttpResponse<String> started = broker.post("api/v1/connections/" + serverId + "/authorize", "{}", authorization);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        HttpResponse<String> page = new BrokerBrowser(broker).connect(json(started).getString("authorizationUrl"),
                authorization, asUser);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return json(started).getString("connectionId");
    }
}
