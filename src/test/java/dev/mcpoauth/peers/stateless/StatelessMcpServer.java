package dev.mcpoauth.peers.stateless;

import dev.mcpoauth.peers.JsonMaps;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real MCP server at the 2026-07-28 revision (stateless: {@code server/discover}, no
 * {@code initialize}, the {@code Mcp-Method} / {@code Mcp-Name} / {@code MCP-Protocol-Version}
 * headers), built on the MCP Java SDK's own server ({@code io.modelcontextprotocol.modern.server})
 * in embedded Jetty on 127.0.0.1, acting as an OAuth protected resource exactly like
 * {@code src/test/peers/mcp-server.mjs}. The TypeScript SDK of the lock file has no such mode.
 *
 * <p>Environment, as for the TypeScript peer: {@code MCP_PORT} (0 or unset: any free port),
 * {@code AS_ISSUER} (required), {@code INTROSPECTION_CLIENT_ID} / {@code INTROSPECTION_CLIENT_SECRET}
 * (else a client is registered by RFC 7591 at start), {@code PRM_SCOPES_SUPPORTED} (default
 * {@code mcp:read}). Stdout carries exactly one line, {@code READY <port>}; the rest goes to
 * stderr, without tokens. Test-only endpoints: {@code GET /test/counters}, {@code POST
 * /test/counters/reset}, {@code POST /test/authorization-servers}.
 */
public final class StatelessMcpServer {

    static final String SERVER_NAME = "mcp-oauth-broker-stateless-test-peer";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StatelessMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        String issuer = System.getenv("AS_ISSUER");
        if (issuer == null || issuer.isBlank()) {
            System.err.println("[mcp] AS_ISSUER is required (e.g. http://127.0.0.1:8124)");
            System.exit(2);
        }
        Map<String, Object> as = getJson(issuer + "/.well-known/oauth-authorization-server");
        if (!issuer.equals(as.get("issuer")) || as.get("introspection_endpoint") == null) {
            System.err.println("[mcp] the AS metadata names another issuer or no introspection_endpoint");
            System.exit(1);
        }
        String[] client = introspectionClient(as);

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        String mcpPort = System.getenv("MCP_PORT");
        connector.setPort(mcpPort == null || mcpPort.isBlank() ? 0 : Integer.parseInt(mcpPort));
        jetty.addConnector(connector);
        connector.open(); // port 0 resolves here, before the resource URL is fixed
        int port = connector.getLocalPort();
        String origin = "http://127.0.0.1:" + port;
        String resource = origin + "/mcp";
        String metadataUrl = origin + "/.well-known/oauth-protected-resource/mcp";

        Counters counters = new Counters();
        Introspection introspection = new Introspection(URI.create(as.get("introspection_endpoint").toString()),
                client[0], client[1], issuer, resource);
        List<String> scopes = List.of(System.getenv().getOrDefault("PRM_SCOPES_SUPPORTED", "mcp:read").split(" "))
                .stream().filter(s -> !s.isEmpty()).toList();

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder mcp = new ServletHolder(transport(counters, port));
        mcp.setAsyncSupported(true);
        context.addServlet(mcp, "/mcp");
        FilterHolder gate = new FilterHolder(new BearerGate(introspection, metadataUrl, counters));
        gate.setAsyncSupported(true);
        context.addFilter(gate, "/mcp", EnumSet.of(DispatcherType.REQUEST));
        ResourceMetadataServlet metadata = new ResourceMetadataServlet(resource, issuer, scopes, counters);
        context.addServlet(new ServletHolder(metadata), "/.well-known/oauth-protected-resource/mcp");
        context.addServlet(new ServletHolder(metadata), "/test/authorization-servers");
        CountersServlet countersServlet = new CountersServlet(counters);
        context.addServlet(new ServletHolder(countersServlet), "/test/counters");
        context.addServlet(new ServletHolder(countersServlet), "/test/counters/reset");
        jetty.setHandler(context);
        jetty.setStopAtShutdown(true);
        jetty.start();

        System.err.println("[mcp] resource " + resource + ", authorization server " + issuer);
        System.out.println("READY " + port);
        System.out.flush();
        jetty.join();
    }

    private static HttpServletMcpTransport transport(Counters counters, int port) {
        McpServer server = McpServer.builder()
                .serverInfo(McpSchema.Implementation.builder(SERVER_NAME, "1.0.0").build())
                .instructions("A stateless test peer for the MCP OAuth Broker.")
                .feature(ToolsFeature.ofSync(new PeerTools(counters)))
                .feature(ResourcesFeature.ofSync(new PeerResources()))
                .feature(PromptsFeature.ofSync(new PeerPrompts()))
                // one process, so a key of its own (the SDK warns when it has to make one up)
                .requestStateCodec(HmacRequestStateCodec.builder().key(randomKey()).build())
                .build();
        return HttpServletMcpTransport.builder(server)
                // the SDK's DNS-rebinding guard (MCP transports, "Security Warning"): our own host only
                .httpHeaderValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedHost("127.0.0.1:" + port).build())
                .contextExtractor(request -> request.getAttribute(BearerGate.TOKEN_INFO) == null
                        ? McpTransportContext.EMPTY
                        : McpTransportContext.create(Map.of(BearerGate.TOKEN_INFO, request.getAttribute(BearerGate.TOKEN_INFO))))
                .build();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** {client_id, client_secret}: from the environment, or registered by RFC 7591 now. */
    private static String[] introspectionClient(Map<String, Object> as) throws IOException, InterruptedException {
        String id = System.getenv("INTROSPECTION_CLIENT_ID");
        String secret = System.getenv("INTROSPECTION_CLIENT_SECRET");
        if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
            return new String[] {id, secret};
        }
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("client_name", "stateless test MCP server (introspection)");
        metadata.put("grant_types", List.of());
        metadata.put("response_types", List.of());
        metadata.put("redirect_uris", List.of());
        metadata.put("token_endpoint_auth_method", "client_secret_basic");
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create(as.get("registration_endpoint").toString()))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(JsonMaps.write(metadata))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 201) {
            throw new IOException("registration answered " + registered.statusCode());
        }
        Map<String, Object> client = JsonMaps.parse(registered.body());
        System.err.println("[mcp] registered an introspection client by DCR");
        return new String[] {JsonMaps.string(client, "client_id"), JsonMaps.string(client, "client_secret")};
    }

    private static Map<String, Object> getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " -> " + response.statusCode());
        }
        return JsonMaps.parse(response.body());
    }
}
