package dev.mcpoauth.peers;

import static dev.mcpoauth.testing.OAuthWire.random;

import dev.mcpoauth.peers.stateless.StatelessMcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The two real peers, wired together on 127.0.0.1: oidc-provider as the authorization server and
 * the official MCP TypeScript SDK as the MCP server (a resource server that introspects opaque
 * tokens at the AS).
 *
 * <pre>{@code
 * try (Peers peers = Peers.builder().accessTokenTtl(Duration.ofSeconds(5)).start()) {
 *     peers.mcpUrl();        // http://127.0.0.1:<p>/mcp, also the RFC 8707 resource
 *     peers.asIssuer();      // http://127.0.0.1:<q>
 *     peers.asCounter("token.refresh_token");   // POSTs to the token endpoint with that grant
 *     peers.asCounter("refreshTokenReuse");     // rotated refresh tokens presented again
 * }
 * }</pre>
 *
 * <p>The AS must know the MCP resource URL and the MCP server the AS issuer. The MCP server's port
 * is therefore chosen here (bind 127.0.0.1:0, close) and the AS is started first on a port it picks
 * itself; should the chosen port be taken in between, the start is retried with another one.
 */
public final class Peers implements AutoCloseable {

    private static final int ATTEMPTS = 3;

    private final NodePeer authorizationServer;
    private final NodePeer secondAuthorizationServer;
    private final NodePeer mcpServer;
    private final String introspectionClientId;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Peers(NodePeer authorizationServer, NodePeer secondAuthorizationServer, NodePeer mcpServer,
            String introspectionClientId) {
        this.authorizationServer = authorizationServer;
        this.secondAuthorizationServer = secondAuthorizationServer;
        this.mcpServer = mcpServer;
        this.introspectionClientId = introspectionClientId;
    }

    /** Both peers with default settings (access tokens live 60 s). */
    public static Peers start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration accessTokenTtl = Duration.ofSeconds(60);
        private Duration refreshTokenTtl = Duration.ofDays(1);
        private String prmScopesSupported = "mcp:read";
        private String extraClientsJson;
        private String namePrefix = "";
        private boolean secondAuthorizationServer;
        private boolean statelessMcpServer;
        private String asDpop = "off";
        private String mcpDpop = "off";

        private Builder() {
        }

        /**
         * The MCP server speaks the 2026-07-28 revision (stateless, {@code server/discover}): the MCP
         * Java SDK's server in Jetty ({@link StatelessMcpServer}) instead of the TypeScript SDK's
         * stateful one, with the same OAuth behaviour, test endpoints and counter names, plus
         * {@code methods}, {@code methodHeaders}, {@code protocolVersionHeaders} and
         * {@code metaProtocolVersions}.
         */
        public Builder statelessMcpServer() {
            this.statelessMcpServer = true;
            return this;
        }

        /**
         * DPoP (RFC 9449): {@code off}, {@code on} or {@code nonce} at the authorization server (env
         * DPOP: oidc-provider's features.dPoP, with a required nonce) and at the MCP server (env
         * REQUIRE_DPOP: DPoP-bound tokens only, with its own nonce); the TypeScript MCP server only.
         */
        public Builder dpop(String atAuthorizationServer, String atMcpServer) {
            this.asDpop = atAuthorizationServer;
            this.mcpDpop = atMcpServer;
            return this;
        }

        /** Lifetime of access tokens (env ACCESS_TOKEN_TTL). */
        public Builder accessTokenTtl(Duration ttl) {
            this.accessTokenTtl = ttl;
            return this;
        }

        /** Lifetime of refresh tokens (env REFRESH_TOKEN_TTL). */
        public Builder refreshTokenTtl(Duration ttl) {
            this.refreshTokenTtl = ttl;
            return this;
        }

        /** Space-separated {@code scopes_supported} of the PRM document (default {@code mcp:read}). */
        public Builder prmScopesSupported(String scopes) {
            this.prmScopesSupported = scopes;
            return this;
        }

        /** A JSON array of static client metadata the AS knows from the start (pre-registration). */
        public Builder extraClients(String json) {
            this.extraClientsJson = json;
            return this;
        }

        /** Prefix for the log file names (target/peers/&lt;prefix&gt;as.log), to keep runs apart. */
        public Builder logNamePrefix(String prefix) {
            this.namePrefix = prefix;
            return this;
        }

        /**
         * A second oidc-provider accepting the same resource, that the MCP server names once
         * {@link #switchAuthorizationServers} says so (a resource moving to another AS).
         */
        public Builder secondAuthorizationServer() {
            this.secondAuthorizationServer = true;
            return this;
        }

        public Peers start() {
            NodePeer.requireInstalled();
            RuntimeException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    return startOnce();
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            throw last;
        }

        private Peers startOnce() {
            int mcpPort = freePort();
            String resource = "http://127.0.0.1:" + mcpPort + "/mcp";
            String clientId = "mcp-server-introspection";
            String clientSecret = random();

            Map<String, String> asEnv = new HashMap<>();
            asEnv.put("AS_PORT", "0");
            asEnv.put("MCP_RESOURCE", resource);
            asEnv.put("ACCESS_TOKEN_TTL", Long.toString(Math.max(1, accessTokenTtl.toSeconds())));
            asEnv.put("REFRESH_TOKEN_TTL", Long.toString(Math.max(1, refreshTokenTtl.toSeconds())));
            asEnv.put("INTROSPECTION_CLIENT_ID", clientId);
            asEnv.put("INTROSPECTION_CLIENT_SECRET", clientSecret);
            asEnv.put("DPOP", asDpop);
            if (extraClientsJson != null) {
                asEnv.put("EXTRA_CLIENTS", extraClientsJson);
            }
            NodePeer as = NodePeer.start(namePrefix + "as", "authorization-server.mjs", asEnv);
            try {
                Map<String, String> mcpEnv = new HashMap<>();
                mcpEnv.put("MCP_PORT", Integer.toString(mcpPort));
                mcpEnv.put("AS_ISSUER", as.baseUrl());
                mcpEnv.put("INTROSPECTION_CLIENT_ID", clientId);
                mcpEnv.put("INTROSPECTION_CLIENT_SECRET", clientSecret);
                mcpEnv.put("PRM_SCOPES_SUPPORTED", prmScopesSupported);
                mcpEnv.put("REQUIRE_DPOP", mcpDpop);
                NodePeer second = secondAuthorizationServer
                        ? NodePeer.start(namePrefix + "as2", "authorization-server.mjs", asEnv)
                        : null;
                try {
                    NodePeer mcp = statelessMcpServer
                            ? NodePeer.startJava(namePrefix + "mcp", StatelessMcpServer.class.getName(), mcpEnv)
                            : NodePeer.start(namePrefix + "mcp", "mcp-server.mjs", mcpEnv);
                    if (mcp.port() != mcpPort) {
                        mcp.close();
                        throw new IllegalStateException("MCP server listens on " + mcp.port() + ", expected "
                                + mcpPort);
                    }
                    return new Peers(as, second, mcp, clientId);
                } catch (RuntimeException e) {
                    if (second != null) {
                        second.close();
                    }
                    throw e;
                }
            } catch (RuntimeException e) {
                as.close();
                throw e;
            }
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NodePeer authorizationServer() {
        return authorizationServer;
    }

    public NodePeer mcpServer() {
        return mcpServer;
    }

    /** The AS issuer, {@code http://127.0.0.1:<port>} (no trailing slash). */
    public String asIssuer() {
        return authorizationServer.baseUrl();
    }

    /** {@code <issuer>/.well-known/oauth-authorization-server} (RFC 8414). */
    public String asMetadataUrl() {
        return asIssuer() + "/.well-known/oauth-authorization-server";
    }

    /** The MCP endpoint, which is also the RFC 8707 resource and the PRM {@code resource}. */
    public String mcpUrl() {
        return mcpServer.baseUrl() + "/mcp";
    }

    /** The RFC 9728 document, {@code http://127.0.0.1:<port>/.well-known/oauth-protected-resource/mcp}. */
    public String prmUrl() {
        return mcpServer.baseUrl() + "/.well-known/oauth-protected-resource/mcp";
    }

    /** client_id of the static confidential client the MCP server introspects with. */
    public String introspectionClientId() {
        return introspectionClientId;
    }

    /**
     * AS counters: {@code token} and {@code tokenSuccess} (by grant_type), {@code refreshTokenReuse},
     * {@code revocations}, {@code registrations}, {@code introspections},
     * {@code authorizationRequests}, {@code resourceMissing} ({@code authorization}, {@code token}).
     */
    public Map<String, Object> asCounters() {
        return getJson(asIssuer() + "/test/counters");
    }

    /** One AS counter by dotted path, e.g. {@code "tokenSuccess.refresh_token"}. */
    public long asCounter(String dottedPath) {
        return JsonMaps.number(asCounters(), dottedPath);
    }

    /** MCP server counters: {@code unauthorized}, {@code forbidden}, {@code calls}, {@code callsByTool}, {@code introspections}. */
    public Map<String, Object> mcpCounters() {
        return getJson(mcpServer.baseUrl() + "/test/counters");
    }

    /** One MCP server counter by dotted path, e.g. {@code "unauthorized"} or {@code "callsByTool.echo"}. */
    public long mcpCounter(String dottedPath) {
        return JsonMaps.number(mcpCounters(), dottedPath);
    }

    /** The second AS's issuer (only with {@link Builder#secondAuthorizationServer()}). */
    public String secondAsIssuer() {
        if (secondAuthorizationServer == null) {
            throw new IllegalStateException("started without a second authorization server");
        }
        return secondAuthorizationServer.baseUrl();
    }

    /** One counter of the second AS by dotted path, as {@link #asCounter}. */
    public long secondAsCounter(String dottedPath) {
        return JsonMaps.number(getJson(secondAsIssuer() + "/test/counters"), dottedPath);
    }

    /** The MCP server's protected-resource metadata names these authorization servers from now on. */
    public void switchAuthorizationServers(String... issuers) {
        StringBuilder json = new StringBuilder("{\"authorization_servers\":[");
        for (int i = 0; i < issuers.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(issuers[i]).append('"');
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(mcpServer.baseUrl()
                + "/test/authorization-servers")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.append("]}").toString())).build());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("switching authorization servers -> " + response.statusCode());
        }
    }

    /** Zeroes the counters of both peers. */
    public void resetCounters() {
        post(asIssuer() + "/test/counters/reset");
        post(mcpServer.baseUrl() + "/test/counters/reset");
    }

    private Map<String, Object> getJson(String url) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " -> " + response.statusCode());
        }
        return JsonMaps.parse(response.body());
    }

    private void post(String url) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " -> " + response.statusCode());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the MCP server, then the AS (or both). */
    @Override
    public void close() {
        try {
            mcpServer.close();
        } finally {
            try {
                if (secondAuthorizationServer != null) {
                    secondAuthorizationServer.close();
                }
            } finally {
                authorizationServer.close();
            }
        }
    }
}
