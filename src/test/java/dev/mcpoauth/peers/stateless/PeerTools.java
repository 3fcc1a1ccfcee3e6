package dev.mcpoauth.peers.stateless;

import static dev.mcpoauth.peers.stateless.BearerGate.ADMIN_SCOPE;

import dev.mcpoauth.peers.JsonMaps;
import dev.mcpoauth.peers.stateless.Introspection.TokenInfo;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools of the TypeScript peer ({@code echo}, {@code whoami}, {@code admin-action},
 * {@code test-tool}) plus {@code always-fails}, whose result is an error result
 * ({@code isError: true}), in pages of {@link Pages#SIZE}.
 */
final class PeerTools implements McpSyncToolRepository {

    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object");

    private final Map<String, McpSyncTool> tools = new LinkedHashMap<>();
    private final Counters counters;

    PeerTools(Counters counters) {
        this.counters = counters;
        add("echo", "Returns the text it is given (needs mcp:read).", Map.of("type", "object",
                "properties", Map.of("text", Map.of("type", "string")), "required", List.of("text")),
                (ctx, request) -> text(String.valueOf(request.arguments().get("text"))));
        add("whoami", "Returns the subject and client of the access token.", NO_ARGUMENTS, (ctx, request) -> {
            TokenInfo token = token(ctx);
            Map<String, Object> who = new HashMap<>();
            who.put("sub", token.subject());
            who.put("client_id", token.clientId());
            who.put("scopes", token.scopes());
            return text(JsonMaps.write(who));
        });
        add("admin-action", "An administrative action (needs mcp:admin).", NO_ARGUMENTS, (ctx, request) ->
                // the HTTP layer already answered 403 without mcp:admin; this is a second line of defence
                token(ctx).scopes().contains(ADMIN_SCOPE) ? text("admin action done")
                        : error("insufficient_scope: mcp:admin required"));
        add("test-tool", "Returns \"ok\" (needs mcp:read).", NO_ARGUMENTS, (ctx, request) -> text("ok"));
        add("always-fails", "Answers with an error result (isError: true).", NO_ARGUMENTS,
                (ctx, request) -> error("this tool always fails"));
    }

    private void add(String name, String description, Map<String, Object> inputSchema, McpSyncTool.Handler handler) {
        McpSchema.Tool definition = McpSchema.Tool.builder(name, inputSchema).description(description).build();
        tools.put(name, McpSyncTool.of(definition, (ctx, request) -> {
            counters.call(name);
            return handler.call(ctx, request);
        }));
    }

    @Override
    public ToolsPage list(McpRequestContext ctx, String cursor) {
        Pages.Page<McpSyncTool> page = Pages.of(List.copyOf(tools.values()), cursor);
        return new ToolsPage(page.items().stream().map(McpSyncTool::definition).toList(), page.nextCursor(), null, null);
    }

    @Override
    public McpSyncTool find(McpRequestContext ctx, String name) {
        return tools.get(name);
    }

    static TokenInfo token(McpRequestContext ctx) {
        return (TokenInfo) ctx.transportContext().get(BearerGate.TOKEN_INFO);
    }

    private static McpSyncResponse<McpSchema.CallToolOutcome> text(String text) {
        return McpSyncResponse.result(McpSchema.CallToolResult.builder()
                .addContent(McpSchema.TextContent.builder(text).build()).build());
    }

    private static McpSyncResponse<McpSchema.CallToolOutcome> error(String text) {
        return McpSyncResponse.result(McpSchema.CallToolResult.builder()
                .addContent(McpSchema.TextContent.builder(text).build()).isError(true).build());
    }
}
