package dev.mcpoauth.peers.stateless;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code greeting} with a required argument {@code name} (the SDK refuses a get without it, -32602)
 * and {@code plain} without arguments, on one page.
 */
final class PeerPrompts implements McpSyncPromptRepository {

    private final Map<String, McpSyncPrompt> prompts = new LinkedHashMap<>();

    PeerPrompts() {
        prompts.put("greeting", McpSyncPrompt.of(McpSchema.Prompt.builder("greeting")
                        .description("Greets someone by name")
                        .arguments(List.of(McpSchema.PromptArgument.builder("name").description("who to greet")
                                .required(true).build()))
                        .build(),
                (ctx, request) -> message("Say hello to " + request.arguments().get("name") + ".")));
        prompts.put("plain", McpSyncPrompt.of(McpSchema.Prompt.builder("plain").description("No arguments").build(),
                (ctx, request) -> message("A plain prompt.")));
    }

    @Override
    public PromptsPage list(McpRequestContext ctx, String cursor) {
        Pages.Page<McpSyncPrompt> page = Pages.of(List.copyOf(prompts.values()), cursor);
        return new PromptsPage(page.items().stream().map(McpSyncPrompt::definition).toList(), page.nextCursor(),
                null, null);
    }

    @Override
    public McpSyncPrompt find(McpRequestContext ctx, String name) {
        return prompts.get(name);
    }

    private static McpSyncResponse<McpSchema.GetPromptOutcome> message(String text) {
        return McpSyncResponse.result(McpSchema.GetPromptResult.builder(List.of(McpSchema.PromptMessage.builder(
                McpSchema.Role.USER, McpSchema.TextContent.builder(text).build()).build())).build());
    }
}
