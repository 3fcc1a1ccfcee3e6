package dev.mcpoauth.mcp.control;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * MCP 2026-07-28: no session; every request carries the revision, the client's capabilities and
 * its info in {@code _meta}, and {@code Mcp-Method} / {@code Mcp-Name} headers. The broker declares
 * no client capability, so a server that answers {@code input_required} (sampling, elicitation,
 * roots) ends the call as {@code INPUT_DECLINED} rather than waiting for a person.
 */
final class StatelessSession extends McpSession {

    static final String REVISION = "2026-07-28";
    static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";

    final McpSyncClient client;
    JsonObject discovered;

    StatelessSession(McpSyncClient client, JsonTranslator json) {
        super(json);
        this.client = client;
    }

    /** {@code server/discover}: the one call that tells a 2026-07-28 server from an older one. */
    void discover() {
        discovered = handshake(() -> json.toJson(client.discover()),
                "The MCP server does not speak " + REVISION + ".");
    }

    @Override
    public String protocolVersion() {
        return REVISION;
    }

    @Override
    public JsonObject server() {
        if (discovered == null) {
            discovered = json.toJson(call(client::discover));
        }
        JsonObjectBuilder server = JsonBuilders.object().add("protocolVersion", REVISION);
        JsonValue meta = discovered.get("_meta");
        if (meta instanceof JsonObject metaObject && metaObject.get(SERVER_INFO) instanceof JsonObject info) {
            server.add("serverInfo", info);
        }
        for (String member : new String[] {"capabilities", "instructions", "supportedVersions"}) {
            if (discovered.containsKey(member) && discovered.get(member) != JsonValue.NULL) {
                server.add(member, discovered.get(member));
            }
        }
        return server.build();
    }

    @Override
    Object toolsPage(String cursor) {
        return client.tools().cursor(cursor).list();
    }

    @Override
    Object tool(String name, Map<String, Object> arguments) {
        try {
            return client.tool(name).arguments(arguments).call();
        } catch (IllegalArgumentException notListed) {
            // the SDK calls only listed tools: it mirrors their x-mcp-header parameters (SEP-2243)
            throw new McpSessionException(Reason.INVALID_PARAMS, "The MCP server lists no usable tool named " + name + ".",
                    notListed);
        }
    }

    @Override
    Object resourcesPage(String cursor) {
        return client.resources().cursor(cursor).list();
    }

    @Override
    Object templatesPage(String cursor) {
        return client.resourceTemplates().cursor(cursor).list();
    }

    @Override
    Object resource(String uri) {
        return client.resource(uri).read();
    }

    @Override
    Object promptsPage(String cursor) {
        return client.prompts().cursor(cursor).list();
    }

    @Override
    Object prompt(String name, Map<String, String> arguments) {
        return client.prompt(name).arguments(arguments).get();
    }

    /** Nothing to end: the wire has no session. */
    @Override
    void end() {}
}
