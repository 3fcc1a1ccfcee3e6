package dev.mcpoauth.mcp.control;

import static dev.mcpoauth.discovery.StubServer.parseJson;
import static dev.mcpoauth.discovery.StubServer.sendJson;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal Streamable HTTP MCP server on 127.0.0.1 that answers in JSON (no SSE), checks bearer
 * tokens against a set and records every request. It speaks either an initialize session
 * (2025-11-25) or, with {@link #stateless}, 2026-07-28 (server/discover; the revision header and
 * {@code _meta} must agree; {@code initialize} is no method). Tools: {@code echo}, {@code admin}
 * (403 insufficient_scope unless the token is the admin token), {@code slow} (never answers in
 * time), {@code ask} (needs an elicitation: 2026-07-28 only); {@code tools/list} and
 * {@code resources/list} have two pages; resources {@code file:///a.txt}, {@code file:///b.txt},
 * a template, and the prompt {@code greet} with its required argument {@code name}.
 */
final class FakeMcpServer implements AutoCloseable {

    static final String SESSION = "fake-session";

    /** One HTTP request as received; {@code rpc} is the JSON-RPC method, or null. */
    record Seen(String httpMethod, String rpc, String authorization, String session) {}

    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final List<String> hosts = new CopyOnWriteArrayList<>();
    final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    volatile String adminToken;
    volatile boolean stateless;
    final List<String> revisions = new CopyOnWriteArrayList<>();

    FakeMcpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/mcp", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create(origin() + "/mcp");
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String resourceMetadata() {
        return origin() + "/.well-known/oauth-protected-resource/mcp";
    }

    List<Seen> requests(String rpc) {
        return seen.stream().filter(s -> rpc.equals(s.rpc())).toList();
    }

    List<Seen> requestsByHttpMethod(String method) {
        return seen.stream().filter(s -> method.equals(s.httpMethod())).toList();
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonObject message = body.isBlank() ? null : parseJson(body);
            String rpc = message == null ? null : message.getString("method", null);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            seen.add(new Seen(exchange.getRequestMethod(), rpc, authorization,
                    exchange.getRequestHeaders().getFirst("Mcp-Session-Id")));
            String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
            if (token == null || !validTokens.contains(token)) {
                exchange.getResponseHeaders().add("WWW-Authenticate",
                        "Bearer error=\"invalid_token\", resource_metadata=\"" + resourceMetadata() + "\"");
                sendJson(exchange, 401, null);
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "GET" -> sendJson(exchange, 405, null);
                case "DELETE" -> sendJson(exchange, 200, null);
                default -> post(exchange, message, token);
            }
        }
    }

    void post(HttpExchange exchange, JsonObject message, String token) throws IOException {
        if (!message.containsKey("id")) {
            sendJson(exchange, 202, null);
            return;
        }
        JsonObject params = message.getJsonObject("params");
        JsonObjectBuilder reply = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", message.get("id"));
        String revision = exchange.getRequestHeaders().getFirst("MCP-Protocol-Version");
        revisions.add(String.valueOf(revision));
        if (!stateless && "2026-07-28".equals(revision)) {
            // as the TypeScript SDK's 2025-11-25 server answers a revision it does not know
            reply.add("error", Json.createObjectBuilder().add("code", -32000).add("message", "Bad Request: Unsupported protocol version"));
            sendJson(exchange, 400, reply.build().toString());
            return;
        }
        if (stateless) {
            String declared = params == null || !params.containsKey("_meta") ? null
                    : params.getJsonObject("_meta").getString("io.modelcontextprotocol/protocolVersion", null);
            if (!"2026-07-28".equals(revision) || !revision.equals(declared)) {
                reply.add("error", Json.createObjectBuilder().add("code", -32020).add("message", "Header mismatch"));
                sendJson(exchange, 400, reply.build().toString());
                return;
            }
        }
        switch (message.getString("method")) {
            case "server/discover" -> {
                if (!stateless) {
                    reply.add("error", Json.createObjectBuilder().add("code", -32601).add("message", "Method not found"));
                    break;
                }
                reply.add("result", complete(Json.createObjectBuilder()
                        .add("supportedVersions", Json.createArrayBuilder().add("2026-07-28"))
                        .add("capabilities", Json.createObjectBuilder().add("tools", Json.createObjectBuilder())
                                .add("resources", Json.createObjectBuilder()).add("prompts", Json.createObjectBuilder()))
                        .add("ttlMs", 0).add("cacheScope", "private")
                        .add("_meta", Json.createObjectBuilder().add("io.modelcontextprotocol/serverInfo",
                                Json.createObjectBuilder().add("name", "fake").add("version", "1")))));
            }
            case "initialize" -> {
                if (stateless) {
                    reply.add("error", Json.createObjectBuilder().add("code", -32601).add("message", "Method not found"));
                    break;
                }
                exchange.getResponseHeaders().add("Mcp-Session-Id", SESSION);
                reply.add("result", Json.createObjectBuilder()
                        .add("protocolVersion", params.getString("protocolVersion"))
                        .add("capabilities", Json.createObjectBuilder().add("tools", Json.createObjectBuilder())
                                .add("resources", Json.createObjectBuilder()).add("prompts", Json.createObjectBuilder()))
                        .add("serverInfo", Json.createObjectBuilder().add("name", "fake").add("version", "1")));
            }
            case "tools/list" -> {
                boolean first = params == null || !params.containsKey("cursor");
                JsonObjectBuilder result = Json.createObjectBuilder().add("tools", first
                        ? Json.createArrayBuilder().add(tool("echo")).add(tool("admin"))
                        : stateless ? Json.createArrayBuilder().add(tool("slow")).add(tool("ask"))
                        : Json.createArrayBuilder().add(tool("slow")));
                if (first) {
                    result.add("nextCursor", "page-2");
                }
                reply.add("result", complete(result));
            }
            case "resources/list" -> {
                boolean first = params == null || !params.containsKey("cursor");
                JsonObjectBuilder result = Json.createObjectBuilder().add("resources", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("uri", first ? "file:///a.txt" : "file:///b.txt")
                                .add("name", first ? "a" : "b")));
                if (first) {
                    result.add("nextCursor", "resources-2");
                }
                reply.add("result", complete(result));
            }
            case "resources/templates/list" -> reply.add("result", complete(Json.createObjectBuilder()
                    .add("resourceTemplates", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("uriTemplate", "file:///{name}.txt").add("name", "file")))));
            case "resources/read" -> {
                String uri = params.getString("uri");
                if (uri.equals("file:///a.txt")) {
                    reply.add("result", complete(Json.createObjectBuilder().add("contents", Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("uri", uri).add("mimeType", "text/plain").add("text", "A")))));
                } else {
                    reply.add("error", Json.createObjectBuilder().add("code", -32002).add("message", "Resource not found"));
                }
            }
            case "prompts/list" -> reply.add("result", complete(Json.createObjectBuilder().add("prompts",
                    Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "greet").add("arguments",
                            Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "name")
                                    .add("required", true)))))));
            case "prompts/get" -> {
                JsonObject arguments = params.getJsonObject("arguments");
                if (arguments == null || !arguments.containsKey("name")) {
                    reply.add("error", Json.createObjectBuilder().add("code", -32602).add("message", "Missing name"));
                } else {
                    reply.add("result", complete(Json.createObjectBuilder().add("messages", Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("role", "user").add("content", Json.createObjectBuilder()
                                    .add("type", "text").add("text", "Hello " + arguments.getString("name")))))));
                }
            }
            case "tools/call" -> {
                String name = params.getString("name");
                if (name.equals("admin") && !token.equals(adminToken)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"insufficient_scope\","
                            + " scope=\"mcp:read mcp:admin\", resource_metadata=\"" + resourceMetadata() + "\"");
                    sendJson(exchange, 403, null);
                    return;
                }
                if (name.equals("slow")) {
                    sleep();
                }
                if (name.equals("ask") && stateless) {
                    reply.add("result", Json.createObjectBuilder().add("resultType", "input_required")
                            .add("inputRequests", Json.createObjectBuilder().add("confirm", Json.createObjectBuilder()
                                    .add("method", "elicitation/create").add("params", Json.createObjectBuilder()
                                            .add("mode", "form").add("message", "Sure?").add("requestedSchema",
                                                    Json.createObjectBuilder().add("type", "object")
                                                            .add("properties", Json.createObjectBuilder()))))));
                    sendJson(exchange, 200, reply.build().toString());
                    return;
                }
                if (name.equals("echo") || name.equals("admin")) {
                    String text = name.equals("echo") ? params.getJsonObject("arguments").getString("text") : "done";
                    reply.add("result", complete(Json.createObjectBuilder().add("content", Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("type", "text").add("text", text)))));
                } else {
                    reply.add("error", Json.createObjectBuilder().add("code", -32602).add("message", "Unknown tool: " + name));
                }
            }
            default -> reply.add("error", Json.createObjectBuilder().add("code", -32601).add("message", "Method not found"));
        }
        sendJson(exchange, 200, reply.build().toString());
    }

    /** 2026-07-28 results say that they end the request. */
    JsonObjectBuilder complete(JsonObjectBuilder result) {
        return stateless ? result.add("resultType", "complete") : result;
    }

    static JsonObject tool(String name) {
        return Json.createObjectBuilder().add("name", name)
                .add("inputSchema", Json.createObjectBuilder().add("type", "object")).build();
    }

    static void sleep() {
        try {
            Thread.sleep(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
