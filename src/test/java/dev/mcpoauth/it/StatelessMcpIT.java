package dev.mcpoauth.it;

import static dev.mcpoauth.it.BrokerClient.ALICE;
import static dev.mcpoauth.it.BrokerClient.json;
import static dev.mcpoauth.peers.JsonMaps.number;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.Deployments;
import dev.mcpoauth.peers.AsBrowser;
import dev.mcpoauth.peers.Peers;
import dev.mcpoauth.testing.OAuthWire;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.container.annotation.ArquillianTest;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server at the current MCP revision, 2026-07-28 (stateless: {@code server/discover}, no
 * {@code initialize}), through the broker's REST API end to end: the real broker, oidc-provider's
 * real login and consent pages, and the MCP Java SDK's own 2026-07-28 server
 * ({@code Peers.Builder#statelessMcpServer}) checking the tokens. Every list is one upstream page
 * in MCP's result shape; the peer lists its tools and its resources in pages of three.
 */
@ArquillianTest
class StatelessMcpIT {

    static final String MODERN = "2026-07-28";

    static Peers peers;

    final BrokerClient broker = BrokerClient.local();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.broker();
    }

    @BeforeAll
    static void startPeers() {
        peers = Peers.builder().logNamePrefix("stateless-it-").statelessMcpServer().start();
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @Test
    void listsToolsPageByPageAndCallsThemOverTheStatelessWire() {
        String connection = api(connect());

        JsonObject first = ok(broker.get(connection + "/tools", ALICE));
        assertThat(names(first, "tools")).containsExactly("echo", "whoami", "admin-action");
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotBlank();
        JsonObject second = ok(broker.get(connection + "/tools?cursor=" + encode(cursor), ALICE));
        assertThat(names(second, "tools")).containsExactly("test-tool", "always-fails");
        assertThat(second.containsKey("nextCursor")).as("the last page").isFalse();

        JsonObject echo = ok(broker.post(connection + "/tools/echo", "{\"text\":\"hello, 2026-07-28\"}", ALICE));
        assertThat(echo.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("hello, 2026-07-28");
        assertThat(echo.getBoolean("isError", false)).isFalse();
        JsonObject failed = ok(broker.post(connection + "/tools/always-fails", "{}", ALICE));
        assertThat(failed.getBoolean("isError")).as("an error result stays a result").isTrue();
        assertThat(failed.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("this tool always fails");

        assertThat(peers.mcpCounter("callsByTool.echo")).isEqualTo(1);
        assertThat(peers.mcpCounter("callsByTool.always-fails")).isEqualTo(1);
        assertSpokeOnlyTheCurrentRevision();
    }

    @Test
    void readsResourcesAndTemplatesAndGetsPrompts() {
        String connection = api(connect());

        JsonObject resources = ok(broker.get(connection + "/resources", ALICE));
        assertThat(uris(resources)).containsExactly("test://static/readme", "test://static/motd", "test://static/colours");
        JsonObject rest = ok(broker.get(connection + "/resources?cursor=" + encode(resources.getString("nextCursor")),
                ALICE));
        assertThat(uris(rest)).containsExactly("test://static/numbers");
        assertThat(rest.containsKey("nextCursor")).isFalse();
        JsonObject templates = ok(broker.get(connection + "/resources/templates", ALICE));
        assertThat(templates.getJsonArray("resourceTemplates").getValuesAs(JsonObject.class))
                .extracting(template -> template.getString("uriTemplate")).containsExactly("test://items/{id}");

        assertThat(read(connection, "test://static/readme")).isEqualTo("This is the stateless MCP test peer.");
        assertThat(read(connection, "test://items/42")).isEqualTo("item 42");

        JsonObject prompts = ok(broker.get(connection + "/prompts", ALICE));
        assertThat(names(prompts, "prompts")).containsExactly("greeting", "plain");
        assertThat(prompts.getJsonArray("prompts").getJsonObject(0).getJsonArray("arguments").getJsonObject(0)
                .getBoolean("required")).isTrue();
        JsonObject greeting = ok(broker.post(connection + "/prompts/greeting", "{\"name\":\"Alice\"}", ALICE));
        assertThat(greeting.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text"))
                .isEqualTo("Say hello to Alice.");

        assertThat(peers.mcpCounter("methods.resources/read")).isEqualTo(2);
        assertThat(peers.mcpCounter("methods.prompts/get")).isEqualTo(1);
        assertSpokeOnlyTheCurrentRevision();
    }

    @Test
    void stepsUpForAdminActionAndTurnsUpstreamErrorsIntoProblems() {
        String connection = api(connect());

        HttpResponse<String> refused = broker.post(connection + "/tools/admin-action", "{}", ALICE);

        BrokerIT.assertProblem(refused, 409, "authorization-required");
        assertThat(json(refused).getString("detail")).contains("mcp:admin");
        assertThat(peers.mcpCounter("forbidden")).as("the peer's 403 insufficient_scope").isEqualTo(1);
        assertThat(peers.mcpCounter("callsByTool.admin-action")).as("refused before the tool ran").isZero();
        BrokerBrowser browser = new BrokerBrowser(broker);
        HttpResponse<String> start = browser.open(json(refused).getString("authorizationUrl"), ALICE);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        URI authorizationRequest = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(OAuthWire.query(authorizationRequest).get("scope")).as("the step-up scope of the challenge")
                .contains("mcp:read").contains("mcp:admin");
        URI callback = new AsBrowser().authorize(authorizationRequest, "alice", broker.uri("oauth/callback").toString());
        assertThat(browser.visit(callback).statusCode()).isEqualTo(200);
        JsonObject allowed = ok(broker.post(connection + "/tools/admin-action", "{}", ALICE));
        assertThat(allowed.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("admin action done");

        // the SDK's client calls only listed tools (it mirrors their x-mcp-header parameters): nothing is sent
        HttpResponse<String> unknownTool = broker.post(connection + "/tools/no-such-tool", "{}", ALICE);
        BrokerIT.assertProblem(unknownTool, 422, "mcp-invalid-params");
        assertThat(json(unknownTool).getString("detail")).contains("no usable tool named no-such-tool");
        // the SDK's server answers unknown names and missing arguments with -32602 (HTTP 400)
        assertUpstreamProblem(broker.post(connection + "/prompts/greeting", "{}", ALICE), 422, "mcp-invalid-params",
                -32602);
        assertUpstreamProblem(broker.post(connection + "/prompts/no-such-prompt", "{}", ALICE), 422,
                "mcp-invalid-params", -32602);
        // and an unknown resource with -32602 as well, not the older -32002 (SEP-2164, final for 2026-07-28)
        assertUpstreamProblem(broker.get(connection + "/resources/read?uri=" + encode("test://nowhere"), ALICE), 422,
                "mcp-invalid-params", -32602);
        assertUpstreamProblem(broker.get(connection + "/tools?cursor=" + encode("not-a-cursor"), ALICE), 422,
                "mcp-invalid-params", -32602);

        assertThat(peers.mcpCounter("callsByTool.admin-action")).isEqualTo(1);
        assertSpokeOnlyTheCurrentRevision();
    }

    /** A new server and alice's connection to it through the real pages; the peer's counters start at zero. */
    String connect() {
        HttpResponse<String> created = broker.post("api/v1/servers", """
                {"name":"%s","url":"%s"}
                """.formatted("stateless-" + UUID.randomUUID(), peers.mcpUrl()), BrokerClient.ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> started = broker.post("api/v1/connections/" + json(created).getString("id") + "/authorize",
                "{}", ALICE);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        HttpResponse<String> page = new BrokerBrowser(broker).connect(json(started).getString("authorizationUrl"), ALICE,
                "alice");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        peers.resetCounters();
        return json(started).getString("connectionId");
    }

    static String api(String connectionId) {
        return "api/v1/connections/" + connectionId;
    }

    /**
     * Every request the broker sent carried 2026-07-28 in the {@code MCP-Protocol-Version} header
     * and in {@code _meta}, named its method in {@code Mcp-Method}, and there was no
     * {@code initialize}. The broker discovers the revision once per server and node, so at most
     * one {@code server/discover} falls in one test.
     */
    void assertSpokeOnlyTheCurrentRevision() {
        Map<String, Object> counters = peers.mcpCounters();
        @SuppressWarnings("unchecked")
        Map<String, Object> methods = (Map<String, Object>) counters.get("methods");
        long requests = methods.values().stream().mapToLong(count -> ((Number) count).longValue()).sum();
        assertThat(number(counters, "methods.server/discover")).as("%s", counters).isLessThanOrEqualTo(1);
        assertThat(number(counters, "methods.initialize")).as("%s", counters).isZero();
        assertThat(number(counters, "protocolVersionHeaders." + MODERN)).as("%s", counters).isEqualTo(requests);
        assertThat(number(counters, "metaProtocolVersions." + MODERN)).as("%s", counters).isEqualTo(requests);
        assertThat(counters.get("methodHeaders")).as("Mcp-Method on every request").isEqualTo(methods);
        assertThat(number(counters, "unauthorized")).as("%s", counters).isZero();
    }

    String read(String connection, String uri) {
        JsonObject read = ok(broker.get(connection + "/resources/read?uri=" + encode(uri), ALICE));
        assertThat(read.getJsonArray("contents").getJsonObject(0).getString("uri")).isEqualTo(uri);
        return read.getJsonArray("contents").getJsonObject(0).getString("text");
    }

    static void assertUpstreamProblem(HttpResponse<String> response, int status, String slug, int jsonRpcCode) {
        BrokerIT.assertProblem(response, status, slug);
        assertThat(json(response).getInt("jsonRpcCode")).as(response.body()).isEqualTo(jsonRpcCode);
    }

    static List<String> names(JsonObject page, String list) {
        return page.getJsonArray(list).getValuesAs(JsonObject.class).stream().map(item -> item.getString("name")).toList();
    }

    static List<String> uris(JsonObject page) {
        return page.getJsonArray("resources").getValuesAs(JsonObject.class).stream().map(item -> item.getString("uri"))
                .toList();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
