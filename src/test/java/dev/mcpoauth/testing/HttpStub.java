package dev.mcpoauth.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP server on a loopback address that answers from canned routes per request target (path
 * and query; any method) and records every request; unknown targets answer 404.
 */
public final class HttpStub implements AutoCloseable {

    /** One request as the stub saw it; the body is also left readable for a route's handler. */
    public record Request(String method, String path, String query, Headers headers, String body) {

        /** Path and query, as routes are keyed. */
        public String target() {
            return query == null ? path : path + "?" + query;
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.getFirst(name));
        }

        /** The form body decoded as an authorization server decodes it (RFC 6749 Appendix B). */
        public Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            if (body.isEmpty()) {
                return form;
            }
            Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).forEach(pair ->
                    form.put(decode(pair[0]), pair.length > 1 ? decode(pair[1]) : ""));
            return form;
        }

        /** The body as a JSON object (a JSON-RPC message, say), or null when there is none. */
        public JsonObject json() {
            if (body.isBlank()) {
                return null;
            }
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    final AtomicBoolean open = new AtomicBoolean(true);
    /** Every request so far, in order. */
    public final List<Request> received = new CopyOnWriteArrayList<>();

    public HttpStub() throws IOException {
        this("127.0.0.1");
    }

    /** Listens on {@code address}, which must be a loopback one: tests run in a loopback-only namespace. */
    public HttpStub(String address) throws IOException {
        InetAddress bound = InetAddress.getByName(address);
        if (!bound.isLoopbackAddress()) {
            throw new IllegalArgumentException("not a loopback address: " + address);
        }
        server = HttpServer.create(new InetSocketAddress(bound, 0), 0);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    void dispatch(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.setStreams(new ByteArrayInputStream(body), null);
        URI uri = exchange.getRequestURI();
        Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8));
        received.add(request);
        exchange.setAttribute(Request.class.getName(), request);
        try (exchange) {
            HttpHandler handler = routes.get(request.target());
            if (handler == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                handler.handle(exchange);
            }
        }
    }

    public String origin() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public URI url(String target) {
        return URI.create(origin() + target);
    }

    public void json(String target, String body) {
        respond(target, 200, "application/json", body);
    }

    public void json(String target, int status, String body, String... headerNamesAndValues) {
        respond(target, status, "application/json", body, headerNamesAndValues);
    }

    /** Answers {@code status} with {@code body} (none when empty) and the given header names and values. */
    public void respond(String target, int status, String contentType, String body, String... headerNamesAndValues) {
        routes.put(target, exchange -> {
            for (int i = 0; i < headerNamesAndValues.length; i += 2) {
                exchange.getResponseHeaders().add(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
            }
            send(exchange, status, contentType, body);
        });
    }

    /** A 401 whose {@code WWW-Authenticate} header carries {@code challenge}. */
    public void unauthorized(String target, String challenge) {
        respond(target, 401, null, "", "WWW-Authenticate", challenge);
    }

    /** Answers 200 with a chunked JSON body of about {@code bytes} bytes, without a Content-Length. */
    public void streamLarge(String target, int bytes) {
        routes.put(target, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"access_token\":\"".getBytes(StandardCharsets.UTF_8));
                for (int written = 0; written < bytes; written += 1024) {
                    out.write("a".repeat(1024).getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException expected) {
                // the client hung up
            }
        });
    }

    /** Never answers (until the stub closes). */
    public void stall(String target) {
        routes.put(target, exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public void handle(String target, HttpHandler handler) {
        routes.put(target, handler);
    }

    /** The request a route's handler is answering, as recorded. */
    public static Request request(HttpExchange exchange) {
        return (Request) exchange.getAttribute(Request.class.getName());
    }

    /** Sends {@code status} and {@code body}; an empty or null body is sent as none. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The request targets received so far, in order, whatever the method. */
    public List<String> requests() {
        return received.stream().map(Request::target).toList();
    }

    public List<Request> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
