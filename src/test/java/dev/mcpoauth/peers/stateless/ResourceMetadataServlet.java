package dev.mcpoauth.peers.stateless;

import dev.mcpoauth.peers.JsonMaps;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The RFC 9728 document at {@code /.well-known/oauth-protected-resource/mcp} (§3.1: the well-known
 * suffix inserted before the resource's path); the AS metadata stays on the AS origin. A POST to
 * {@code /test/authorization-servers} replaces its list, as on the TypeScript peer.
 */
final class ResourceMetadataServlet extends HttpServlet {

    private final String resource;
    private final List<String> scopesSupported;
    private final AtomicReference<List<String>> authorizationServers;
    private final Counters counters;

    ResourceMetadataServlet(String resource, String issuer, List<String> scopesSupported, Counters counters) {
        this.resource = resource;
        this.scopesSupported = List.copyOf(scopesSupported);
        this.authorizationServers = new AtomicReference<>(List.of(issuer));
        this.counters = counters;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        counters.metadata();
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonMaps.write(Map.of(
                "resource", resource,
                "authorization_servers", authorizationServers.get(),
                "scopes_supported", scopesSupported,
                "bearer_methods_supported", List.of("header"))));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> list;
        try {
            list = JsonMaps.strings(JsonMaps.parse(new String(request.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8)), "authorization_servers");
        } catch (IllegalArgumentException | ClassCastException e) {
            list = List.of();
        }
        if (list.isEmpty()) {
            response.sendError(400, "authorization_servers must be a non-empty array of strings");
            return;
        }
        authorizationServers.set(List.copyOf(list));
        System.err.println("[mcp] authorization servers now " + String.join(" ", list));
        response.setStatus(204);
    }
}
