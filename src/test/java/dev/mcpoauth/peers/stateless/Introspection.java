package dev.mcpoauth.peers.stateless;

import static dev.mcpoauth.testing.OAuthWire.basic;
import static dev.mcpoauth.testing.OAuthWire.form;

import dev.mcpoauth.peers.JsonMaps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * RFC 7662 token introspection at the authorization server, on every request (a revocation takes
 * effect at once), with the checks the TypeScript peer makes: active, a bearer token, issued by
 * this AS, for this resource (RFC 8707 audience).
 */
final class Introspection {

    /** What the MCP server learns about a valid token; never the token itself. */
    record TokenInfo(String subject, String clientId, List<String> scopes) {
    }

    /** The token is not usable here; the message is safe to show (no token in it). */
    static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message, null, false, false);
        }
    }

    private final URI endpoint;
    private final String authorization;
    private final String issuer;
    private final String resource;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Introspection(URI endpoint, String clientId, String clientSecret, String issuer, String resource) {
        this.endpoint = endpoint;
        this.authorization = basic(clientId, clientSecret);
        this.issuer = issuer;
        this.resource = resource;
    }

    TokenInfo check(String token) throws InvalidToken, IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token, "token_type_hint", "access_token"))))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("introspection interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("introspection answered " + response.statusCode());
        }
        Map<String, Object> info = JsonMaps.parse(response.body());
        if (!Boolean.TRUE.equals(info.get("active"))) {
            throw new InvalidToken("Token is not active");
        }
        Object tokenType = info.get("token_type");
        if (tokenType != null && !"bearer".equalsIgnoreCase(tokenType.toString())) {
            throw new InvalidToken("Not an access token");
        }
        Object iss = info.get("iss");
        if (iss != null && !issuer.equals(iss)) {
            throw new InvalidToken("Token was issued by another authorization server");
        }
        Object aud = info.get("aud");
        List<?> audiences = aud instanceof List<?> list ? list : aud == null ? List.of() : List.of(aud);
        if (!audiences.contains(resource)) {
            throw new InvalidToken("Token was not issued for this resource");
        }
        Object scope = info.get("scope");
        List<String> scopes = scope == null ? List.of()
                : List.of(scope.toString().split(" ")).stream().filter(s -> !s.isEmpty()).toList();
        return new TokenInfo(JsonMaps.string(info, "sub"), JsonMaps.string(info, "client_id"), scopes);
    }
}
