package dev.mcpoauth.peers;

import static dev.mcpoauth.peers.JsonMaps.string;
import static dev.mcpoauth.testing.OAuthWire.basic;
import static dev.mcpoauth.testing.OAuthWire.form;
import static dev.mcpoauth.testing.OAuthWire.query;
import static dev.mcpoauth.testing.OAuthWire.random;
import static dev.mcpoauth.testing.OAuthWire.s256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real tokens from the peers' authorization server (oidc-provider), obtained in the test JVM the
 * way a client would: RFC 7591 registration, authorization code with PKCE and RFC 8707 resource
 * through the login and consent pages, refresh, RFC 7009 revocation.
 */
public final class PeerTokens {

    public static final String CALLBACK = "http://127.0.0.1:9/callback";

    /** The tokens of one grant; {@code refreshToken} is null without offline_access. */
    public record Grant(String accessToken, String refreshToken, String scope) {
        @Override
        public String toString() {
            return "Grant[scope=" + scope + "]";
        }
    }

    public final Peers peers;
    final Map<String, Object> as;
    public final String clientId;
    final String clientSecret;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public PeerTokens(Peers peers) {
        this.peers = peers;
        this.as = JsonMaps.parse(send(HttpRequest.newBuilder(URI.create(peers.asMetadataUrl())).GET(), 200));
        Map<String, Object> client = JsonMaps.parse(send(HttpRequest.newBuilder(URI.create(string(as, "registration_endpoint")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonMaps.write(Map.of(
                        "client_name", "McpSessionsIT",
                        "redirect_uris", List.of(CALLBACK),
                        "grant_types", List.of("authorization_code", "refresh_token"),
                        "response_types", List.of("code"),
                        "token_endpoint_auth_method", "client_secret_basic",
                        "scope", "mcp:read mcp:admin offline_access")))), 201));
        this.clientId = string(client, "client_id");
        this.clientSecret = string(client, "client_secret");
    }

    /** Signs in as alice and consents to {@code scope} for the MCP server as resource. */
    public Grant authorize(String scope) {
        String verifier = random();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", CALLBACK);
        params.put("scope", scope);
        params.put("state", random());
        params.put("code_challenge", s256(verifier));
        params.put("code_challenge_method", "S256");
        params.put("resource", peers.mcpUrl());
        params.put("prompt", "consent");
        URI callback = new AsBrowser().authorize(
                URI.create(string(as, "authorization_endpoint") + "?" + form(params)), "alice", CALLBACK);
        String code = query(callback).get("code");
        if (code == null) {
            throw new IllegalStateException("no code in the callback: " + query(callback).keySet());
        }
        return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
                "code_verifier", verifier, "resource", peers.mcpUrl()));
    }

    public Grant refresh(Grant grant) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken(),
                "resource", peers.mcpUrl()));
    }

    public void revoke(String accessToken) {
        send(authenticated(string(as, "revocation_endpoint"),
                Map.of("token", accessToken, "token_type_hint", "access_token")), 200);
    }

    Grant token(Map<String, String> params) {
        Map<String, Object> tokens = JsonMaps.parse(send(authenticated(string(as, "token_endpoint"), params), 200));
        return new Grant(string(tokens, "access_token"), string(tokens, "refresh_token"), string(tokens, "scope"));
    }

    HttpRequest.Builder authenticated(String endpoint, Map<String, String> form) {
        return HttpRequest.newBuilder(URI.create(endpoint))
                .header("Authorization", basic(clientId, clientSecret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    }

    String send(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.build().uri().getPath() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
