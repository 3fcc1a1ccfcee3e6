package dev.mcpoauth.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Talks to the deployed broker over 127.0.0.1 (the listener is bound to loopback only). */
public final class BrokerClient {

    public static final String ALICE = basic("alice", "alice-password");
    public static final String BOB = basic("bob", "bob-password");
    public static final String ADMIN = basic("root", "root-password");

    final URI base;
    final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The broker the build started on its reserved port (see the failsafe configuration). */
    public static BrokerClient local() {
        return new BrokerClient(URI.create("http://127.0.0.1:" + System.getProperty("it.http.port") + "/"));
    }

    BrokerClient(URI base) {
        this.base = base;
    }

    public BrokerClient(URL deploymentUrl) {
        String path = deploymentUrl.getPath().endsWith("/") ? deploymentUrl.getPath() : deploymentUrl.getPath() + "/";
        this.base = URI.create("http://127.0.0.1:" + deploymentUrl.getPort() + path);
    }

    /** The server root, where Payara serves /health and /openapi. */
    public URI root() {
        return base.resolve("/");
    }

    public URI uri(String relative) {
        return base.resolve(relative);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    /** A JSON POST; an empty body goes as {@code {}}, because the broker takes changes only as JSON. */
    public HttpResponse<String> post(String relative, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(relative))
                .POST(HttpRequest.BodyPublishers.ofString(json.isEmpty() ? "{}" : json));
        return authorization == null
                ? send(request, "Content-Type", "application/json")
                : send(request, "Authorization", authorization, "Content-Type", "application/json");
    }

    public HttpResponse<String> put(String relative, String json, String authorization) {
        return send(HttpRequest.newBuilder(uri(relative)).PUT(HttpRequest.BodyPublishers.ofString(json)),
                "Authorization", authorization, "Content-Type", "application/json");
    }

    public HttpResponse<String> delete(String relative, String authorization) {
        return send(HttpRequest.newBuilder(uri(relative)).DELETE(), "Authorization", authorization,
                "Content-Type", "application/json");
    }

    public HttpResponse<String> get(String relative, String authorization) {
        return get(uri(relative), "Authorization", authorization);
    }

    public HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
