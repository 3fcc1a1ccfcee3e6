package bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpoauth.peers.AsBrowser;
import dev.mcpoauth.peers.JsonMaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The broker's public API as a person and an admin use it: servers, and connections made through
 * the real flow (authorize, the start link in a browser with a cookie jar, oidc-provider's login
 * and consent pages via {@link AsBrowser}, the broker's callback). Callers: the integration
 * tests' Basic users ({@code <name>-password}) and bearer JWTs signed with their test key.
 */
final class Flows {

    static final String ADMIN = basic("root", "root-password");
    static final String ALICE = basic("alice", "alice-password");

    final BrokerNode broker;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Flows(BrokerNode broker) {
        this.broker = broker;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A bearer JWT of the integration tests' identity provider for {@code user} (groups {@code mcp-user}), valid 2 h. */
    static String jwt(String user) {
        try {
            String pem = Files.readString(Bench.ROOT.resolve("target/test-classes/it/jwt-signing-key.pem"))
                    .replaceAll("-----[A-Z ]+-----|\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(pem)));
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder()
                            .issuer("https://idp.it.mcpoauth.dev")
                            .subject("subject-" + user)
                            .claim("upn", user)
                            .claim("groups", List.of("mcp-user"))
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(Duration.ofHours(2))))
                            .jwtID(UUID.randomUUID().toString())
                            .build());
            jwt.sign(new RSASSASigner(key));
            return "Bearer " + jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint a JWT", e);
        }
    }

    /** A new MCP server (admin, saved without validation as the ITs do); returns its id. */
    String createServer(String mcpUrl) {
        HttpResponse<String> created = post("api/v1/servers?validate=false",
                "{\"name\":\"bench-" + UUID.randomUUID() + "\",\"url\":\"" + mcpUrl + "\"}", ADMIN);
        expect(created, 201, "create server");
        return JsonMaps.string(JsonMaps.parse(created.body()), "id");
    }

    /** Connects {@code authorization}'s caller to the server through the real flow; returns the connection id. */
    String connect(String serverId, String authorization, String asUser) {
        HttpResponse<String> started = post("api/v1/connections/" + serverId + "/authorize", "{}", authorization);
        expect(started, 200, "authorize");
        Map<String, Object> flow = JsonMaps.parse(started.body());
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> start = send(browser, HttpRequest.newBuilder(URI.create(JsonMaps.string(flow, "authorizationUrl")))
                .header("Authorization", authorization).GET());
        expect(start, 303, "start link");
        URI callback = new AsBrowser().authorize(URI.create(start.headers().firstValue("Location").orElseThrow()),
                asUser, broker.uri("oauth/callback").toString());
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(callback).GET());
        expect(page, 200, "callback");
        String connectionId = JsonMaps.string(flow, "connectionId");
        String status = status(connectionId, authorization);
        if (!"CONNECTED".equals(status)) {
            throw new IllegalStateException("connection " + connectionId + " is " + status + " after the flow");
        }
        return connectionId;
    }

    String status(String connectionId, String authorization) {
        HttpResponse<String> response = get("api/v1/connections/" + connectionId, authorization);
        expect(response, 200, "connection status");
        return JsonMaps.string(JsonMaps.parse(response.body()), "status");
    }

    HttpResponse<String> get(String relative, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(broker.uri(relative)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(http, request);
    }

    HttpResponse<String> post(String relative, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(broker.uri(relative))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(http, request);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String expectOk(HttpResponse<String> response, String what) {
        expect(response, 200, what);
        return response.body();
    }

    static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            String body = response.body() == null ? "" : response.body();
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " (expected " + status + "): "
                    + body.substring(0, Math.min(500, body.length())));
        }
    }
}
