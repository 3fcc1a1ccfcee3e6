package dev.mcpoauth.peers.stateless;

import dev.mcpoauth.peers.JsonMaps;
import dev.mcpoauth.peers.stateless.Introspection.InvalidToken;
import dev.mcpoauth.peers.stateless.Introspection.TokenInfo;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The OAuth resource server in front of the MCP servlet: a bearer token on every request, checked
 * by introspection; 401 with the RFC 9728 {@code resource_metadata} pointer when it is missing or
 * invalid (MCP authorization, "Authorization Server Location"); 403 {@code insufficient_scope}
 * without {@code mcp:read}, and for {@code admin-action} without {@code mcp:admin} (RFC 6750 §3.1),
 * at the HTTP layer, where a client learns to step up. It also counts what it let through.
 */
final class BearerGate extends HttpFilter {

    static final String TOKEN_INFO = TokenInfo.class.getName();
    static final String REQUIRED_SCOPE = "mcp:read";
    static final String ADMIN_SCOPE = "mcp:admin";
    private static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";

    private final Introspection introspection;
    private final String resourceMetadataUrl;
    private final Counters counters;

    BearerGate(Introspection introspection, String resourceMetadataUrl, Counters counters) {
        this.introspection = introspection;
        this.resourceMetadataUrl = resourceMetadataUrl;
        this.counters = counters;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        BufferedRequest buffered = new BufferedRequest(request);
        Map<String, Object> message = parse(buffered.body());
        // a GET or DELETE (the 2025 streams and session end) is counted by its HTTP method
        String method = !"POST".equals(request.getMethod()) ? "http:" + request.getMethod()
                : message == null ? null : JsonMaps.string(message, "method");
        try {
            pass(buffered, response, chain, message, method);
        } finally {
            System.err.println("[mcp] " + request.getMethod() + " " + request.getRequestURI() + " "
                    + response.getStatus() + " " + (method == null ? "" : method));
        }
    }

    private void pass(BufferedRequest request, HttpServletResponse response, FilterChain chain,
            Map<String, Object> message, String method) throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            // RFC 6750 §3.1: no error code when the request carried no credentials
            refuse(response, 401, "Bearer resource_metadata=\"" + resourceMetadataUrl + "\"",
                    "invalid_token", "Missing bearer token");
            return;
        }
        TokenInfo token;
        try {
            counters.introspection();
            token = introspection.check(authorization.substring(7).strip());
        } catch (InvalidToken e) {
            refuse(response, 401, "Bearer error=\"invalid_token\", error_description=\"" + e.getMessage()
                    + "\", resource_metadata=\"" + resourceMetadataUrl + "\"", "invalid_token", e.getMessage());
            return;
        } catch (IOException e) {
            System.err.println("[mcp] introspection failed: " + e.getMessage());
            response.setStatus(500);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"server_error\",\"error_description\":\"introspection failed\"}");
            return;
        }
        if (!token.scopes().contains(REQUIRED_SCOPE)) {
            insufficientScope(response, REQUIRED_SCOPE, "mcp:read required");
            return;
        }
        if ("tools/call".equals(method) && "admin-action".equals(JsonMaps.string(message, "params.name"))
                && !token.scopes().contains(ADMIN_SCOPE)) {
            // a JSON-RPC error inside a 200 would not tell the client to re-authorize
            insufficientScope(response, REQUIRED_SCOPE + " " + ADMIN_SCOPE, "admin-action requires mcp:admin");
            return;
        }
        counters.request(method, request.getHeader("Mcp-Method"), request.getHeader("MCP-Protocol-Version"),
                metaVersion(message));
        request.setAttribute(TOKEN_INFO, token);
        chain.doFilter(request, response);
    }

    private void insufficientScope(HttpServletResponse response, String scope, String description) throws IOException {
        refuse(response, 403, "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\", resource_metadata=\""
                + resourceMetadataUrl + "\", error_description=\"" + description + "\"", "insufficient_scope", description);
    }

    private void refuse(HttpServletResponse response, int status, String challenge, String error, String description)
            throws IOException {
        if (status == 401) {
            counters.unauthorized();
        } else {
            counters.forbidden();
        }
        response.setStatus(status);
        response.setHeader("WWW-Authenticate", challenge);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonMaps.write(Map.of("error", error, "error_description", description)));
    }

    /** {@code params._meta["io.modelcontextprotocol/protocolVersion"]}, or null. */
    private static String metaVersion(Map<String, Object> message) {
        Object meta = message == null ? null : JsonMaps.at(message, "params._meta");
        return meta instanceof Map<?, ?> map && map.get(META_VERSION) != null ? map.get(META_VERSION).toString() : null;
    }

    /** The JSON-RPC message as a map, or null (a batch, or not JSON: the transport answers those). */
    private static Map<String, Object> parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            return JsonMaps.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
