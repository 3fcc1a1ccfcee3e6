package dev.mcpoauth.mcp.control;

import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One initialized MCP session (Streamable HTTP) on behalf of one caller. Every operation blocks
 * the calling thread, which must be a container thread and never a Reactor one, and asks the
 * {@link TokenSource} for the token first. Failures arrive as {@link McpSessionException}, 401
 * and 403 as its subclass {@code McpAuthorizationException}; the session stays usable after them.
 */
public final class McpSession implements AutoCloseable {

    static final System.Logger LOGGER = System.getLogger(McpSession.class.getName());
    static final int MAX_PAGES = 100;

    final McpSyncClient client;
    final JsonTranslator json;
    final AtomicBoolean closed = new AtomicBoolean();
    JsonObject initializeResult;
    OperationRecorder recorder = OperationRecorder.UNRECORDED;

    McpSession(McpSyncClient client, JsonTranslator json) {
        this.client = client;
        this.json = json;
    }

    /** {@code initialize} and {@code notifications/initialized}. */
    void initialize() {
        initializeResult = call(() -> json.toJson(client.initialize()));
    }

    /** The server's {@code InitializeResult}: protocolVersion, capabilities, serverInfo, instructions. */
    public JsonObject initializeResult() {
        return initializeResult;
    }

    /** From now on, every operation of this session goes through {@code recorder}. */
    public McpSession recordedBy(OperationRecorder recorder) {
        this.recorder = recorder;
        return this;
    }

    /** {@code tools/list}, all pages, as the array of {@code Tool} objects. */
    public JsonArray listTools() {
        return recorder.record("tools/list", Optional.empty(), this::allTools);
    }

    JsonArray allTools() {
        JsonArrayBuilder tools = Json.createArrayBuilder();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String current = cursor;
            ListToolsResult result = call(() -> client.listTools(current));
            result.tools().forEach(tool -> tools.add(json.toJson(tool)));
            cursor = result.nextCursor();
            if (cursor == null) {
                return tools.build();
            }
            if (!cursors.add(cursor)) {
                throw new McpSessionException(Reason.PROTOCOL_ERROR, "The MCP server repeated a tools/list cursor.", null);
            }
        }
        throw new McpSessionException(Reason.PROTOCOL_ERROR,
                "The MCP server's tools/list did not end within " + MAX_PAGES + " pages.", null);
    }

    /**
     * {@code tools/call}; the {@code CallToolResult}. A tool that fails reports {@code isError: true}
     * in the result; an unknown tool or bad arguments are a JSON-RPC error ({@link Reason#REJECTED}).
     */
    public JsonObject callTool(String name, JsonObject arguments) {
        JsonObject given = arguments == null ? JsonValue.EMPTY_JSON_OBJECT : arguments;
        return recorder.record("tools/call", Optional.of(name),
                () -> call(() -> json.toJson(client.callTool(new CallToolRequest(name, json.toMap(given))))));
    }

    /** Ends the session (the SDK sends DELETE with the last token); idempotent, never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!client.closeGracefully()) {
                client.close();
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Closing an MCP session failed: {0}", e.getClass().getName());
            client.close();
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
