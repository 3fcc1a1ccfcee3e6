package dev.mcpoauth.peers;

import static dev.mcpoauth.peers.JsonMaps.number;
import static dev.mcpoauth.peers.JsonMaps.string;
import static dev.mcpoauth.peers.JsonMaps.strings;
import static dev.mcpoauth.testing.OAuthWire.basic;
import static dev.mcpoauth.testing.OAuthWire.form;
import static dev.mcpoauth.testing.OAuthWire.query;
import static dev.mcpoauth.testing.OAuthWire.random;
import static dev.mcpoauth.testing.OAuthWire.s256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the test peers behave as the broker's end-to-end tests expect, without the broker: the
 * whole MCP authorization dance done by hand against oidc-provider and the MCP TypeScript SDK.
 */
@Timeout(60)
class PeersTest {

    private static final String CALLBACK = "http://127.0.0.1:9/callback";
    private static final String ACCEPT_MCP = "application/json, text/event-stream";

    private static Peers peers;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void startPeers() {
        peers = Peers.start();
    }

    @AfterAll
    static void stopPeers() {
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    void aClientCanDiscoverRegisterAuthorizeRefreshAndBeRevoked() throws Exception {
        peers.resetCounters();

        // 1. unauthenticated MCP request -> 401 pointing at the PRM document
        HttpResponse<String> unauthenticated = mcpPost(null, null, initialize(1));
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        String challenge = unauthenticated.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer ")
                .contains("resource_metadata=\"" + peers.prmUrl() + "\"")
                .contains("scope=\"mcp:read\"");

        // 2. RFC 9728 protected-resource metadata
        Map<String, Object> prm = getJson(peers.prmUrl());
        assertThat(string(prm, "resource")).isEqualTo(peers.mcpUrl());
        assertThat(strings(prm, "authorization_servers").get(0)).isEqualTo(peers.asIssuer());
        assertThat(strings(prm, "scopes_supported").get(0)).isEqualTo("mcp:read");
        assertThat(strings(prm, "bearer_methods_supported").get(0)).isEqualTo("header");
        // the MCP origin must not impersonate the AS
        assertThat(get(peers.mcpServer().baseUrl() + "/.well-known/oauth-authorization-server").statusCode())
                .isEqualTo(404);

        // 3. RFC 8414 AS metadata
        Map<String, Object> as = getJson(peers.asIssuer() + "/.well-known/oauth-authorization-server");
        assertThat(string(as, "issuer")).isEqualTo(peers.asIssuer());
        assertThat((Boolean) JsonMaps.at(as, "authorization_response_iss_parameter_supported")).isTrue();
        assertThat(strings(as, "code_challenge_methods_supported"))
                .containsExactly("S256");
        assertThat(string(as, "registration_endpoint")).isEqualTo(peers.asIssuer() + "/reg");
        assertThat(string(as, "revocation_endpoint")).isEqualTo(peers.asIssuer() + "/token/revocation");
        assertThat(string(as, "introspection_endpoint")).isNotBlank();
        assertThat(strings(as, "scopes_supported"))
                .contains("offline_access", "mcp:read", "mcp:admin");
        assertThat(string(getJson(peers.asIssuer() + "/.well-known/openid-configuration"), "issuer"))
                .isEqualTo(peers.asIssuer());

        // 4. RFC 7591 dynamic registration
        Map<String, Object> client = register(as);
        String clientId = string(client, "client_id");
        String clientSecret = string(client, "client_secret");
        assertThat(string(client, "registration_access_token")).isNotBlank(); // RFC 7592
        assertThat(string(client, "registration_client_uri")).startsWith(peers.asIssuer());

        // 5. authorization code + PKCE + resource, driven through the dev login and consent pages
        AsBrowser alice = new AsBrowser();
        Authorization first = authorize(alice, as, clientId, "mcp:read offline_access");
        assertThat(interactionPosts(alice)).as("login and consent: %s", alice.trail()).isEqualTo(2);

        Map<String, Object> tokens = tokenRequest(as, clientId, clientSecret, Map.of(
                "grant_type", "authorization_code",
                "code", first.code(),
                "redirect_uri", CALLBACK,
                "code_verifier", first.verifier(),
                "resource", peers.mcpUrl()));
        String accessToken1 = string(tokens, "access_token");
        String refreshToken1 = string(tokens, "refresh_token");
        assertThat(string(tokens, "token_type")).isEqualToIgnoringCase("Bearer");
        assertThat(string(tokens, "scope")).isEqualTo("mcp:read"); // the AT's scope for the resource
        assertThat(number(tokens, "expires_in")).isBetween(1L, 60L);
        assertThat(tokens.containsKey("id_token")).isFalse(); // no openid scope requested

        // 6. MCP initialize with the token -> 200, a session, and the SDK's answer
        HttpResponse<String> init = mcpPost(accessToken1, null, initialize(1));
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("mcp-session-id").orElseThrow();
        assertThat(init.body()).contains("\"serverInfo\"").contains("mcp-oauth-broker-test-peer");
        assertThat(mcpPost(accessToken1, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode()).isEqualTo(202);
        HttpResponse<String> whoami = mcpPost(accessToken1, session, toolCall(2, "whoami"));
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("\\\"sub\\\":\\\"alice\\\"").contains(clientId);
        // admin-action without mcp:admin -> HTTP 403 insufficient_scope (the step-up signal)
        HttpResponse<String> admin = mcpPost(accessToken1, session, toolCall(3, "admin-action"));
        assertThat(admin.statusCode()).isEqualTo(403);
        assertThat(admin.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"")
                .contains("scope=\"mcp:read mcp:admin\"")
                .contains("resource_metadata=\"" + peers.prmUrl() + "\"");

        // 7. refresh -> a new access token and a rotated refresh token
        Map<String, Object> refreshed = tokenRequest(as, clientId, clientSecret, Map.of(
                "grant_type", "refresh_token",
                "refresh_token", refreshToken1,
                "resource", peers.mcpUrl()));
        String accessToken2 = string(refreshed, "access_token");
        String refreshToken2 = string(refreshed, "refresh_token");
        assertThat(refreshToken2).isNotEqualTo(refreshToken1);
        assertThat(accessToken2).isNotEqualTo(accessToken1);
        assertThat(mcpPost(accessToken2, session, toolCall(4, "test-tool")).body()).contains("\"text\":\"ok\"");

        Map<String, Object> counters = peers.asCounters();
        assertThat(number(counters, "token.authorization_code")).isEqualTo(1);
        assertThat(number(counters, "token.refresh_token")).isEqualTo(1);
        assertThat(number(counters, "registrations")).isEqualTo(1);
        assertThat(number(counters, "resourceMissing.authorization")).isZero();
        assertThat(number(counters, "resourceMissing.token")).isZero();

        // 8. replaying the rotated refresh token -> invalid_grant, counted, and the grant is gone
        HttpResponse<String> replay = tokenResponse(as, clientId, clientSecret, Map.of(
                "grant_type", "refresh_token",
                "refresh_token", refreshToken1,
                "resource", peers.mcpUrl()));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(string(parse(replay.body()), "error")).isEqualTo("invalid_grant");
        counters = peers.asCounters();
        assertThat(number(counters, "refreshTokenReuse")).isEqualTo(1);
        assertThat(number(counters, "token.refresh_token")).isEqualTo(2);
        assertThat(number(counters, "tokenSuccess.refresh_token")).isEqualTo(1);
        // oidc-provider revokes the whole grant on reuse: the newest tokens die too
        assertThat(mcpPost(accessToken2, session, toolCall(5, "test-tool")).statusCode()).isEqualTo(401);
        assertThat(tokenResponse(as, clientId, clientSecret, Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken2)).statusCode()).isEqualTo(400);

        // 9. a second authorization (SSO: no login page this time) with step-up to mcp:admin
        Authorization second = authorize(alice, as, clientId, "mcp:read mcp:admin");
        assertThat(interactionPosts(alice)).as("consent only: %s", alice.trail()).isEqualTo(1);
        Map<String, Object> tokens3 = tokenRequest(as, clientId, clientSecret, Map.of(
                "grant_type", "authorization_code",
                "code", second.code(),
                "redirect_uri", CALLBACK,
                "code_verifier", second.verifier(),
                "resource", peers.mcpUrl()));
        String accessToken3 = string(tokens3, "access_token");
        assertThat(string(tokens3, "scope")).isEqualTo("mcp:read mcp:admin");
        HttpResponse<String> init3 = mcpPost(accessToken3, null, initialize(1));
        String session3 = init3.headers().firstValue("mcp-session-id").orElseThrow();
        HttpResponse<String> adminOk = mcpPost(accessToken3, session3, toolCall(2, "admin-action"));
        assertThat(adminOk.statusCode()).isEqualTo(200);
        assertThat(adminOk.body()).contains("admin action done");

        // 10. RFC 7009 revocation of the access token -> the MCP server refuses it at once
        HttpResponse<String> revocation = send(HttpRequest.newBuilder(URI.create(string(as, "revocation_endpoint")))
                .header("Authorization", basic(clientId, clientSecret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "token", accessToken3, "token_type_hint", "access_token")))));
        assertThat(revocation.statusCode()).isEqualTo(200);
        HttpResponse<String> afterRevocation = mcpPost(accessToken3, session3, toolCall(3, "test-tool"));
        assertThat(afterRevocation.statusCode()).isEqualTo(401);
        assertThat(afterRevocation.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"")
                .contains("resource_metadata=");

        counters = peers.asCounters();
        assertThat(number(counters, "tokenSuccess.authorization_code")).isEqualTo(2);
        assertThat(number(counters, "tokenSuccess.refresh_token")).isEqualTo(1);
        assertThat(number(counters, "revocations")).isEqualTo(1);
        Map<String, Object> mcpCounters = peers.mcpCounters();
        assertThat(number(mcpCounters, "unauthorized")).isEqualTo(3);
        assertThat(number(mcpCounters, "forbidden")).isEqualTo(1);
        assertThat(number(mcpCounters, "calls")).isEqualTo(3); // whoami, test-tool, admin-action

        peers.resetCounters();
        assertThat(peers.asCounter("refreshTokenReuse")).isZero();
        assertThat(peers.mcpCounter("unauthorized")).isZero();

        // the peers never log secrets
        String logs = String.join("\n", peers.authorizationServer().logLines())
                + String.join("\n", peers.mcpServer().logLines());
        assertThat(logs).doesNotContain(accessToken1, refreshToken1, accessToken2, refreshToken2, accessToken3,
                clientSecret, first.code(), second.code());
    }

    @Test
    void anUnknownResourceIsRejectedWithInvalidTarget() {
        Map<String, Object> as = getJson(peers.asMetadataUrl());
        String clientId = string(register(as), "client_id");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", CALLBACK);
        params.put("scope", "mcp:read");
        params.put("state", "s1");
        params.put("code_challenge", s256(random()));
        params.put("code_challenge_method", "S256");
        params.put("resource", "http://127.0.0.1:1/elsewhere");
        HttpResponse<String> response = get(string(as, "authorization_endpoint") + "?" + form(params));

        assertThat(response.statusCode()).isEqualTo(303);
        Map<String, String> error = query(URI.create(response.headers().firstValue("Location").orElseThrow()));
        assertThat(error).containsEntry("error", "invalid_target")
                .containsEntry("state", "s1")
                .containsEntry("iss", peers.asIssuer());
    }

    @Test
    void theSdksOwnClientPagesListsReadsResourcesGetsPromptsAndHasItsUndeclaredCapabilitiesAsked() {
        Map<String, Object> as = getJson(peers.asMetadataUrl());
        Map<String, Object> client = register(as);
        String clientId = string(client, "client_id");
        Authorization grant = authorize(new AsBrowser(), as, clientId, "mcp:read");
        String accessToken = string(tokenRequest(as, clientId, string(client, "client_secret"), Map.of(
                "grant_type", "authorization_code",
                "code", grant.code(),
                "redirect_uri", CALLBACK,
                "code_verifier", grant.verifier(),
                "resource", peers.mcpUrl())), "access_token");

        Map<String, Object> report = FeatureClient.run(peers.mcpUrl(), accessToken);

        // every list comes in pages of two, the SDK's own list cut by the peer (mcp-features.mjs)
        assertThat(string(report, "protocolVersion")).isEqualTo("2025-11-25");
        assertThat(pageItems(report, "toolPages")).containsExactly(List.of("echo", "whoami"),
                List.of("admin-action", "test-tool"), List.of("ask-client"));
        assertThat(pageItems(report, "resourcePages")).containsExactly(List.of("docs://readme", "docs://changelog"),
                List.of("config://settings", "images://logo.png"), List.of("notes://1", "notes://2"),
                List.of("notes://3"));
        assertThat(pageItems(report, "templatePages")).containsExactly(List.of("notes://{id}", "greetings://{name}"),
                List.of("squares://{n}"));
        assertThat(pageItems(report, "promptPages")).containsExactly(List.of("summarize", "review-code"),
                List.of("hello"));
        assertThat(JsonMaps.write(Map.of("a", report.get("promptArguments"))))
                .isEqualTo("{\"a\":[{\"name\":\"text\",\"required\":true},{\"name\":\"style\",\"required\":false}]}");
        assertError(report, "badCursor", -32602, "Invalid cursor");

        // resources: text, blob, a template; -32002 from the template's own callback, -32602 from McpServer
        assertThat(content(report, "readText")).containsEntry("uri", "docs://readme")
                .containsEntry("mimeType", "text/markdown").containsKey("text");
        assertThat(content(report, "readBlob")).containsEntry("mimeType", "image/png").doesNotContainKey("text");
        assertThat(java.util.Base64.getDecoder().decode(string(content(report, "readBlob"), "blob")))
                .startsWith(0x89, 'P', 'N', 'G');
        assertThat(content(report, "readNote")).containsEntry("text", "Call the dentist");
        assertThat(content(report, "readGreeting")).containsEntry("text", "Hello, alice!");
        assertError(report, "readMissingNote", -32002, "Resource not found");
        assertError(report, "readUnknownUri", -32602, "Resource nowhere://at-all not found");

        // prompts: arguments go in, a missing required one is -32602 from the SDK's zod check
        assertThat(string(report, "getPrompt.description")).isEqualTo("A summary request");
        assertThat(JsonMaps.write(report).replace("\\/", "/"))
                .contains("\"text\":\"Summarize in a terse style: MCP is a protocol.\"");
        assertError(report, "getPromptMissingArgument", -32602,
                "Invalid arguments for prompt summarize: Invalid input: expected string, received undefined at text");
        assertError(report, "getUnknownPrompt", -32602, "Prompt no-such-prompt not found");

        // an unknown tool is a CallToolResult with isError, not a JSON-RPC error (McpServer catches its own)
        assertThat((Boolean) JsonMaps.at(report, "callUnknownTool.isError")).isTrue();
        assertThat(JsonMaps.write(report)).contains("\"text\":\"MCP error -32602: Tool no-such-tool not found\"");

        // a client without sampling, elicitation or roots answers each with -32601, none waits for the time-out
        for (String method : List.of("sampling/createMessage", "elicitation/create", "roots/list")) {
            assertThat(string(report, "askClient." + method + ".outcome")).as(method).isEqualTo("error");
            assertThat(number(report, "askClient." + method + ".code")).as(method).isEqualTo(-32601);
        }
        assertThat(string(report, "askClient.elicitation/create via elicitInput.outcome")).isEqualTo("not-sent");
        assertThat(string(report, "askClient.elicitation/create via elicitInput.message"))
                .isEqualTo("Client does not support form elicitation.");
    }

    // ---- helpers -----------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<List<String>> pageItems(Map<String, Object> report, String key) {
        List<Map<String, Object>> pages = (List<Map<String, Object>>) report.get(key);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(pages.get(i).get("nextCursor") == null).as("%s: a cursor on every page but the last", key)
                    .isEqualTo(i == pages.size() - 1);
        }
        return pages.stream().map(page -> strings(page, "items")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> content(Map<String, Object> report, String key) {
        List<Map<String, Object>> contents = (List<Map<String, Object>>) JsonMaps.at(report, key + ".contents");
        assertThat(contents).as(key).hasSize(1);
        return contents.get(0);
    }

    /** The SDK's client prefixes the server's message, "MCP error <code>: ...", once more. */
    private static void assertError(Map<String, Object> report, String key, long code, String message) {
        assertThat(number(report, key + ".error.code")).as(key).isEqualTo(code);
        assertThat(string(report, key + ".error.message")).as(key)
                .isEqualTo("MCP error " + code + ": MCP error " + code + ": " + message);
    }

    private record Authorization(String code, String verifier) {
    }

    private static long interactionPosts(AsBrowser browser) {
        return browser.trail().stream().filter(s -> s.startsWith("POST ") && s.contains("/interaction/")).count();
    }

    private Map<String, Object> register(Map<String, Object> as) {
        HttpResponse<String> registration = send(HttpRequest.newBuilder(URI.create(string(as, "registration_endpoint")))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonMaps.write(Map.of(
                        "client_name", "PeersTest",
                        "application_type", "web",
                        "redirect_uris", List.of(CALLBACK),
                        "grant_types", List.of("authorization_code", "refresh_token"),
                        "response_types", List.of("code"),
                        "token_endpoint_auth_method", "client_secret_basic",
                        "scope", "mcp:read mcp:admin offline_access")))));
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(201);
        Map<String, Object> client = parse(registration.body());
        assertThat(string(client, "client_secret")).isNotBlank();
        return client;
    }

    private Authorization authorize(AsBrowser browser, Map<String, Object> as, String clientId, String scope) {
        String verifier = random();
        String state = random();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", CALLBACK);
        params.put("scope", scope);
        params.put("state", state);
        params.put("code_challenge", s256(verifier));
        params.put("code_challenge_method", "S256");
        params.put("resource", peers.mcpUrl());
        params.put("prompt", "consent");
        URI url = URI.create(string(as, "authorization_endpoint") + "?" + form(params));

        URI callback = browser.authorize(url, "alice", CALLBACK);
        Map<String, String> query = query(callback);
        assertThat(query).as("callback %s", query.keySet()).containsKeys("code", "state", "iss");
        assertThat(query.get("state")).isEqualTo(state);
        assertThat(query.get("iss")).isEqualTo(peers.asIssuer()); // RFC 9207
        return new Authorization(query.get("code"), verifier);
    }

    private Map<String, Object> tokenRequest(Map<String, Object> as, String clientId, String secret, Map<String, String> params) {
        HttpResponse<String> response = tokenResponse(as, clientId, secret, params);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body());
    }

    private HttpResponse<String> tokenResponse(Map<String, Object> as, String clientId, String secret, Map<String, String> params) {
        return send(HttpRequest.newBuilder(URI.create(string(as, "token_endpoint")))
                .header("Authorization", basic(clientId, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))));
    }

    private HttpResponse<String> mcpPost(String accessToken, String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(peers.mcpUrl()))
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT_MCP)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        if (session != null) {
            request.header("mcp-session-id", session);
            request.header("mcp-protocol-version", "2025-06-18");
        }
        return send(request);
    }

    private static String initialize(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"PeersTest\",\"version\":\"1\"}}}";
    }

    private static String toolCall(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":{}}}";
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET());
    }

    private Map<String, Object> getJson(String url) {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return parse(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> parse(String json) {
        return JsonMaps.parse(json);
    }
}
