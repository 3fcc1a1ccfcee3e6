package dev.mcpoauth.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 with canned answers per path; unknown paths answer 404. It records
 * every request target (path and query) in order, whatever the method.
 */
public final class StubServer implements AutoCloseable {

    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    public StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    void dispatch(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String target = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
        requests.add(target);
        try (exchange) {
            HttpHandler handler = routes.get(target);
            if (handler == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                handler.handle(exchange);
            }
        }
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI url(String target) {
        return URI.create(origin() + target);
    }

    public void json(String target, String body) {
        respond(target, 200, "application/json", body);
    }

    public void respond(String target, int status, String contentType, String body) {
        routes.put(target, exchange -> send(exchange, status, contentType, body));
    }

    /** Answers with {@code body} as {@code contentType}, or with no body when it is null or empty. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Answers with a JSON body, or with no body when {@code json} is null. */
    public static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, json == null ? null : "application/json", json);
    }

    public static JsonObject parseJson(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    public void handle(String target, HttpHandler handler) {
        routes.put(target, handler);
    }

    /** A 401 whose {@code WWW-Authenticate} header carries {@code challenge}. */
    public void unauthorized(String target, String challenge) {
        routes.put(target, exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", challenge);
            exchange.sendResponseHeaders(401, -1);
        });
    }

    /** The request targets received so far, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
