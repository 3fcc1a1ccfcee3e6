package dev.mcpoauth.mcp.control;

import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * MCP 2025-11-25, 2025-06-18 or 2025-03-26 over Streamable HTTP: {@code initialize}, then requests
 * in the session the server opened. Server-initiated requests (sampling, elicitation, roots) are
 * answered JSON-RPC -32601 by the SDK: the broker declares none of those capabilities, as it
 * cannot answer them for a person.
 */
final class InitializedSession extends McpSession {

    static final System.Logger LOGGER = System.getLogger(InitializedSession.class.getName());

    final McpSyncClient client;
    JsonObject initializeResult;

    InitializedSession(McpSyncClient client, JsonTranslator json) {
        super(json);
        this.client = client;
    }

    /** {@code initialize} and {@code notifications/initialized}; the SDK negotiates the revision. */
    void initialize() {
        initializeResult = handshake(() -> json.toJson(client.initialize()),
                "The MCP server does not accept an initialize session.");
    }

    @Override
    public String protocolVersion() {
        return initializeResult.getString("protocolVersion");
    }

    @Override
    public JsonObject server() {
        return initializeResult;
    }

    @Override
    Object toolsPage(String cursor) {
        return client.listTools(cursor);
    }

    @Override
    Object tool(String name, Map<String, Object> arguments) {
        return client.callTool(new CallToolRequest(name, arguments));
    }

    @Override
    Object resourcesPage(String cursor) {
        offers("resources");
        return client.listResources(cursor);
    }

    @Override
    Object templatesPage(String cursor) {
        offers("resources");
        return client.listResourceTemplates(cursor);
    }

    @Override
    Object resource(String uri) {
        offers("resources");
        return client.readResource(new ReadResourceRequest(uri));
    }

    @Override
    Object promptsPage(String cursor) {
        offers("prompts");
        return client.listPrompts(cursor);
    }

    @Override
    Object prompt(String name, Map<String, String> arguments) {
        offers("prompts");
        return client.getPrompt(new GetPromptRequest(name, Map.copyOf(arguments)));
    }

    /** The SDK refuses to ask for what the server did not declare at initialize; so do we, in plain words. */
    void offers(String capability) {
        ServerCapabilities declared = client.getServerCapabilities();
        boolean offered = declared != null
                && (capability.equals("resources") ? declared.resources() != null : declared.prompts() != null);
        if (!offered) {
            throw new McpSessionException(Reason.NOT_SUPPORTED, "The MCP server offers no " + capability + ".", null);
        }
    }

    /** The SDK sends DELETE with the last token. */
    @Override
    void end() {
        try {
            if (!client.closeGracefully()) {
                client.close();
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Closing an MCP session failed: {0}", e.getClass().getName());
            client.close();
        }
    }
}
