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
 * tokens against a set and records every request. Tools: {@code echo}, {@code admin} (403
 * insufficient_scope unless the token is the admin token), {@code slow} (never answers in time);
 * {@code tools/list} has two pages.
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
        switch (message.getString("method")) {
            case "initialize" -> {
                exchange.getResponseHeaders().add("Mcp-Session-Id", SESSION);
                reply.add("result", Json.createObjectBuilder()
                        .add("protocolVersion", params.getString("protocolVersion"))
                        .add("capabilities", Json.createObjectBuilder().add("tools", Json.createObjectBuilder()))
                        .add("serverInfo", Json.createObjectBuilder().add("name", "fake").add("version", "1")));
            }
            case "tools/list" -> {
                boolean first = params == null || !params.containsKey("cursor");
                JsonObjectBuilder result = Json.createObjectBuilder().add("tools", first
                        ? Json.createArrayBuilder().add(tool("echo")).add(tool("admin"))
                        : Json.createArrayBuilder().add(tool("slow")));
                if (first) {
                    result.add("nextCursor", "page-2");
                }
                reply.add("result", result);
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
                if (name.equals("echo") || name.equals("admin")) {
                    String text = name.equals("echo") ? params.getJsonObject("arguments").getString("text") : "done";
                    reply.add("result", Json.createObjectBuilder().add("content", Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("type", "text").add("text", text))));
                } else {
                    reply.add("error", Json.createObjectBuilder().add("code", -32602).add("message", "Unknown tool: " + name));
                }
            }
            default -> reply.add("error", Json.createObjectBuilder().add("code", -32601).add("message", "Method not found"));
        }
        sendJson(exchange, 200, reply.build().toString());
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
