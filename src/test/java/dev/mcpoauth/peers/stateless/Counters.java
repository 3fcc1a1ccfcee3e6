package dev.mcpoauth.peers.stateless;

import dev.mcpoauth.peers.JsonMaps;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the peer saw, for the tests' assertions: per JSON-RPC method of the body (a GET or
 * DELETE as {@code http:GET} / {@code http:DELETE}), per
 * {@code Mcp-Method} header, per {@code MCP-Protocol-Version} header and per
 * {@code _meta["io.modelcontextprotocol/protocolVersion"]}, plus the OAuth outcomes the
 * TypeScript peer counts (same names, so {@code Peers.mcpCounter} reads both).
 */
final class Counters {

    private long unauthorized;
    private long forbidden;
    private long introspections;
    private long metadata;
    private long calls;
    private final Map<String, Long> callsByTool = new TreeMap<>();
    private final Map<String, Long> methods = new TreeMap<>();
    private final Map<String, Long> methodHeaders = new TreeMap<>();
    private final Map<String, Long> protocolVersionHeaders = new TreeMap<>();
    private final Map<String, Long> metaProtocolVersions = new TreeMap<>();

    synchronized void unauthorized() {
        unauthorized++;
    }

    synchronized void forbidden() {
        forbidden++;
    }

    synchronized void introspection() {
        introspections++;
    }

    synchronized void metadata() {
        metadata++;
    }

    synchronized void call(String tool) {
        calls++;
        callsByTool.merge(tool, 1L, Long::sum);
    }

    /** One MCP POST that passed the bearer check; null values are counted as {@code "none"}. */
    synchronized void request(String method, String methodHeader, String versionHeader, String metaVersion) {
        methods.merge(orNone(method), 1L, Long::sum);
        methodHeaders.merge(orNone(methodHeader), 1L, Long::sum);
        protocolVersionHeaders.merge(orNone(versionHeader), 1L, Long::sum);
        metaProtocolVersions.merge(orNone(metaVersion), 1L, Long::sum);
    }

    synchronized void reset() {
        unauthorized = 0;
        forbidden = 0;
        introspections = 0;
        metadata = 0;
        calls = 0;
        callsByTool.clear();
        methods.clear();
        methodHeaders.clear();
        protocolVersionHeaders.clear();
        metaProtocolVersions.clear();
    }

    synchronized String json() {
        Map<String, Object> all = new TreeMap<>();
        all.put("unauthorized", unauthorized);
        all.put("forbidden", forbidden);
        all.put("introspections", introspections);
        all.put("metadata", metadata);
        all.put("calls", calls);
        all.put("callsByTool", new TreeMap<>(callsByTool));
        all.put("methods", new TreeMap<>(methods));
        all.put("methodHeaders", new TreeMap<>(methodHeaders));
        all.put("protocolVersionHeaders", new TreeMap<>(protocolVersionHeaders));
        all.put("metaProtocolVersions", new TreeMap<>(metaProtocolVersions));
        return JsonMaps.write(all);
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }
}
