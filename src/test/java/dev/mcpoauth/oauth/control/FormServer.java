package dev.mcpoauth.oauth.control;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.mcpoauth.outbound.control.Outbound;
import dev.mcpoauth.outbound.control.UrlGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OAuth endpoint stand-in on 127.0.0.1 that records every request (method, headers, body)
 * and answers from canned responses per path; unknown paths answer 404.
 */
public final class FormServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record Received(String method, String path, Headers headers, String body) {

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

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.getFirst(name));
        }

        static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();

    public FormServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    void dispatch(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders(), body));
        try (exchange) {
            HttpHandler handler = routes.get(exchange.getRequestURI().getRawPath());
            if (handler == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                handler.handle(exchange);
            }
        }
    }

    /** A FormPost that may reach this server: loopback http allowed, HTTP/1.1, redirects never followed. */
    public static FormPost formPost(Duration readTimeout, int maxResponseBytes) {
        return new FormPost(new Outbound(new UrlGuard(true, List.of(), InetAddress::getAllByName), Duration.ofSeconds(1),
                readTimeout, maxResponseBytes));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void json(String path, int status, String body, String... headerNamesAndValues) {
        answer(path, status, "application/json", body, headerNamesAndValues);
    }

    public void answer(String path, int status, String contentType, String body, String... headerNamesAndValues) {
        routes.put(path, exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            for (int i = 0; i < headerNamesAndValues.length; i += 2) {
                exchange.getResponseHeaders().add(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
    }

    /** Answers 200 with a chunked JSON body of about {@code bytes} bytes, without a Content-Length. */
    public void streamLarge(String path, int bytes) {
        routes.put(path, exchange -> {
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

    /** Never answers (until the server closes). */
    public void stall(String path) {
        routes.put(path, exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public void handle(String path, HttpHandler handler) {
        routes.put(path, handler);
    }

    public List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
