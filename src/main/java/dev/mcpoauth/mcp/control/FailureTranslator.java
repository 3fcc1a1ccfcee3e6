package dev.mcpoauth.mcp.control;

import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what a blocking SDK call throws to the broker's exceptions. The SDK wraps differently by
 * operation (during {@code initialize} a refusal arrives inside a RuntimeException, Reactor wraps
 * checked exceptions), so the whole cause chain is searched.
 */
final class FailureTranslator {

    static final int MAX_DEPTH = 16;

    private FailureTranslator() {}

    static RuntimeException translate(RuntimeException thrown) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof BearerHeader.SourceFailure failure) {
                return failure.original();
            }
            if (t instanceof McpSessionException known) {
                return known;
            }
            if (t instanceof McpHttpClientTransportAuthorizationException refused) {
                // not kept as the cause: its request snapshot holds the Authorization header
                return ChallengeRaiser.refusal(refused.getResponseInfo());
            }
            if (t instanceof McpError error && error.getJsonRpcError() != null) {
                return new McpSessionException(Reason.REJECTED,
                        "The MCP server rejected the request: " + error.getJsonRpcError().message(),
                        error.getJsonRpcError().code(), error);
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return new McpSessionException(Reason.TIMED_OUT, "The MCP server did not answer in time.", t);
            }
            if (t instanceof IOException) {
                return new McpSessionException(Reason.UNREACHABLE, "The MCP server could not be reached.", t);
            }
        }
        return new McpSessionException(Reason.PROTOCOL_ERROR, "The MCP exchange failed.", thrown);
    }
}
