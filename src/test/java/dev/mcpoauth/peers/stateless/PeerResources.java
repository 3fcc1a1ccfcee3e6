package dev.mcpoauth.peers.stateless;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Four static text resources (two pages of {@link Pages#SIZE}) and one template,
 * {@code test://items/{id}}, whose reads answer {@code item <id>}. An unknown URI is left to the
 * SDK: -32602 "Unknown resource" with {@code data.uri}, as SEP-2164 has it for 2026-07-28 (no
 * longer -32002).
 */
final class PeerResources implements McpSyncResourceRepository {

    static final String ITEMS_TEMPLATE = "test://items/{id}";
    private static final Pattern ITEM = Pattern.compile("test://items/([A-Za-z0-9_-]{1,64})");

    private static final Map<String, String> STATIC = Map.of(
            "test://static/readme", "This is the stateless MCP test peer.",
            "test://static/motd", "Stateless since 2026-07-28.",
            "test://static/colours", "red green blue",
            "test://static/numbers", "1 2 3");
    private static final List<String> ORDER = List.of(
            "test://static/readme", "test://static/motd", "test://static/colours", "test://static/numbers");

    @Override
    public ResourcesPage list(McpRequestContext ctx, String cursor) {
        Pages.Page<String> page = Pages.of(ORDER, cursor);
        return new ResourcesPage(page.items().stream()
                .map(uri -> McpSchema.Resource.builder(uri, uri.substring(uri.lastIndexOf('/') + 1))
                        .mimeType("text/plain").build())
                .toList(), page.nextCursor(), null, null);
    }

    @Override
    public ResourceTemplatesPage listTemplates(McpRequestContext ctx, String cursor) {
        Pages.Page<String> page = Pages.of(List.of(ITEMS_TEMPLATE), cursor);
        return new ResourceTemplatesPage(page.items().stream()
                .map(template -> McpSchema.ResourceTemplate.builder(template, "item")
                        .description("One item by its id").mimeType("text/plain").build())
                .toList(), page.nextCursor(), null, null);
    }

    @Override
    public McpSyncResource find(McpRequestContext ctx, String uri) {
        if (STATIC.containsKey(uri)) {
            return text(uri, STATIC.get(uri));
        }
        Matcher item = ITEM.matcher(uri);
        return item.matches() ? text(uri, "item " + item.group(1)) : null;
    }

    @Override
    public McpSyncResourceTemplate findTemplate(McpRequestContext ctx, String uriTemplate) {
        return ITEMS_TEMPLATE.equals(uriTemplate)
                ? McpSyncResourceTemplate.of(McpSchema.ResourceTemplate.builder(ITEMS_TEMPLATE, "item").build())
                : null;
    }

    private static McpSyncResource text(String uri, String text) {
        return McpSyncResource.of((ctx, request) -> McpSyncResponse.result(McpSchema.ReadResourceResult.builder(
                List.of(McpSchema.TextResourceContents.builder(uri, text).mimeType("text/plain").build())).build()));
    }
}
