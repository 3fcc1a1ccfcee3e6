package dev.mcpoauth.mcp.control;

import dev.mcpoauth.json.JsonBuilders;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * MCP on behalf of one caller, in whichever revision the server speaks: an {@code initialize}
 * session ({@link InitializedSession}) or stateless 2026-07-28 requests ({@link StatelessSession}).
 * Every operation blocks the calling thread, which must be a container thread and never a Reactor
 * one, and asks the {@link TokenSource} for the token first. Results are MCP's own JSON; each list
 * is one page, {@code nextCursor} included. Failures arrive as {@link McpSessionException}, 401
 * and 403 as its subclass {@code McpAuthorizationException}; the session stays usable after them.
 */
public abstract sealed class McpSession implements AutoCloseable permits InitializedSession, StatelessSession {

    static final int MAX_PAGES = 100;
    /** 2026-07-28: how the result ends a request and how long it may be cached; nothing a caller uses. */
    static final List<String> ENVELOPE = List.of("resultType", "ttlMs", "cacheScope");

    final JsonTranslator json;
    final AtomicBoolean closed = new AtomicBoolean();
    OperationRecorder recorder = OperationRecorder.UNRECORDED;

    McpSession(JsonTranslator json) {
        this.json = json;
    }

    /** The revision spoken, e.g. {@code 2026-07-28} or {@code 2025-11-25}. */
    public abstract String protocolVersion();

    /** What the server says about itself: protocolVersion, serverInfo, capabilities, instructions. */
    public abstract JsonObject server();

    /** From now on, every operation of this session goes through {@code recorder}. */
    public McpSession recordedBy(OperationRecorder recorder) {
        this.recorder = recorder;
        return this;
    }

    /** {@code tools/list}, one page from {@code cursor} (null: the first): {@code {tools, nextCursor?}}. */
    public JsonObject listTools(String cursor) {
        return recorder.record("tools/list", Optional.empty(), () -> page("tools", call(() -> toolsPage(cursor))));
    }

    /** {@code tools/list}, all pages, as the array of {@code Tool} objects. */
    public JsonArray listTools() {
        return recorder.record("tools/list", Optional.empty(), this::allTools);
    }

    /**
     * {@code tools/call}; the {@code CallToolResult}. A tool that fails reports {@code isError: true}
     * in the result; an unknown tool or bad arguments are {@link Reason#INVALID_PARAMS}.
     */
    public JsonObject callTool(String name, JsonObject arguments) {
        JsonObject given = arguments == null ? JsonValue.EMPTY_JSON_OBJECT : arguments;
        return recorder.record("tools/call", Optional.of(name),
                () -> result(call(() -> tool(name, json.toMap(given)))));
    }

    /** {@code resources/list}, one page: {@code {resources, nextCursor?}}. */
    public JsonObject listResources(String cursor) {
        return recorder.record("resources/list", Optional.empty(),
                () -> page("resources", call(() -> resourcesPage(cursor))));
    }

    /** {@code resources/templates/list}, one page: {@code {resourceTemplates, nextCursor?}}. */
    public JsonObject listResourceTemplates(String cursor) {
        return recorder.record("resources/templates/list", Optional.empty(),
                () -> page("resourceTemplates", call(() -> templatesPage(cursor))));
    }

    /** {@code resources/read}: {@code {contents}}. */
    public JsonObject readResource(String uri) {
        return recorder.record("resources/read", Optional.empty(), () -> result(call(() -> resource(uri))));
    }

    /** {@code prompts/list}, one page: {@code {prompts, nextCursor?}}. */
    public JsonObject listPrompts(String cursor) {
        return recorder.record("prompts/list", Optional.empty(),
                () -> page("prompts", call(() -> promptsPage(cursor))));
    }

    /** {@code prompts/get} with string arguments: {@code {description?, messages}}. */
    public JsonObject getPrompt(String name, Map<String, String> arguments) {
        return recorder.record("prompts/get", Optional.empty(),
                () -> result(call(() -> prompt(name, arguments == null ? Map.of() : arguments))));
    }

    abstract Object toolsPage(String cursor);

    abstract Object tool(String name, Map<String, Object> arguments);

    abstract Object resourcesPage(String cursor);

    abstract Object templatesPage(String cursor);

    abstract Object resource(String uri);

    abstract Object promptsPage(String cursor);

    abstract Object prompt(String name, Map<String, String> arguments);

    /** Ends the session; idempotent, never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            end();
        }
    }

    abstract void end();

    JsonArray allTools() {
        JsonArrayBuilder tools = JsonBuilders.array();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonObject listed = page("tools", call(toolsPageFrom(cursor)));
            listed.getJsonArray("tools").forEach(tools::add);
            cursor = listed.getString("nextCursor", null);
            if (cursor == null) {
                return tools.build();
            }
            if (!cursors.add(cursor)) {
                throw new McpSessionException(Reason.PROTOCOL_ERROR, "The MCP server repeated a tools/list cursor.",
                        null);
            }
        }
        throw new McpSessionException(Reason.PROTOCOL_ERROR,
                "The MCP server's tools/list did not end within " + MAX_PAGES + " pages.", null);
    }

    Supplier<Object> toolsPageFrom(String cursor) {
        return () -> toolsPage(cursor);
    }

    /** A result as MCP gives it, without the 2026-07-28 envelope members: the same on either wire. */
    JsonObject result(Object result) {
        JsonObject given = json.toJson(result);
        if (ENVELOPE.stream().noneMatch(given::containsKey)) {
            return given;
        }
        JsonObjectBuilder kept = JsonBuilders.object(given);
        ENVELOPE.forEach(kept::remove);
        return kept.build();
    }

    /** The list member and the cursor of a list result; not the SDK's bookkeeping (ttlMs, resultType). */
    JsonObject page(String member, Object result) {
        JsonObject listed = json.toJson(result);
        JsonObjectBuilder page = JsonBuilders.object()
                .add(member, listed.containsKey(member) && listed.get(member) instanceof JsonArray items
                        ? items : JsonValue.EMPTY_JSON_ARRAY);
        if (listed.get("nextCursor") instanceof JsonString next && !next.getString().isEmpty()) {
            page.add("nextCursor", next);
        }
        return page.build();
    }

    /** A handshake step: any answer but a result, a refused token or silence means another revision. */
    <T> T handshake(Supplier<T> step, String notSpoken) {
        try {
            return call(step);
        } catch (McpSessionException e) {
            if (e.isRevisionNeutral()) {
                throw e;
            }
            throw new McpSessionException(Reason.PROTOCOL_MISMATCH, notSpoken, e.jsonRpcCode(), e);
        }
    }

    <T> T call(Supplier<T> operation) {
        if (closed.get()) {
            throw new IllegalStateException("the MCP session is closed");
        }
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw FailureTranslator.translate(e);
        }
    }
}
