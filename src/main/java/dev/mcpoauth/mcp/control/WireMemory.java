package dev.mcpoauth.mcp.control;

import dev.mcpoauth.mcp.entity.McpWire;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which wire each MCP server answered on last, by URL, so that the revision is negotiated once
 * and again only after a protocol error, not on every call. Per JVM: a node that has not spoken
 * to a server yet negotiates for itself.
 */
@ApplicationScoped
public class WireMemory {

    static final int MAX_SERVERS = 10_000;

    final Map<String, McpWire> spoken = new ConcurrentHashMap<>();

    public Optional<McpWire> spoken(String url) {
        return Optional.ofNullable(spoken.get(url));
    }

    public void remember(String url, McpWire wire) {
        if (spoken.size() >= MAX_SERVERS && !spoken.containsKey(url)) {
            spoken.clear(); // forgetting only costs a negotiation
        }
        spoken.put(url, wire);
    }

    public void forget(String url) {
        spoken.remove(url);
    }
}
