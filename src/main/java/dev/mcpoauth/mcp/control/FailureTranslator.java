package dev.mcpoauth.mcp.control;

import dev.mcpoauth.mcp.entity.McpAuthorizationException;
import dev.mcpoauth.mcp.entity.McpSessionException;
import dev.mcpoauth.mcp.entity.McpSessionException.Reason;
import dev.mcpoauth.oauth.control.ChallengeParser;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.client.McpInputHandlerMissingException;
import io.modelcontextprotocol.modern.client.McpInputRoundsExceededException;
import io.modelcontextprotocol.modern.client.McpInvalidResultException;
import io.modelcontextprotocol.modern.client.McpResponseLostException;
import io.modelcontextprotocol.modern.client.McpTimeoutException;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpTransportException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps what a blocking SDK call throws, on either wire, to the broker's exceptions. The SDK wraps
 * differently by operation (during {@code initialize} a refusal arrives inside a RuntimeException,
 * Reactor wraps checked exceptions), so the whole cause chain is searched. Upstream text reaches
 * the message only through {@link UpstreamText}.
 */
final class FailureTranslator {

    static final int MAX_DEPTH = 16;
    static final Pattern STATUS = Pattern.compile("(?i)status code: ?(\\d{3})");

    private FailureTranslator() {}

    static RuntimeException translate(RuntimeException thrown) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            RuntimeException known = known(t);
            if (known != null) {
                return known;
            }
        }
        return new McpSessionException(Reason.PROTOCOL_ERROR, "The MCP exchange failed.", thrown);
    }

    static RuntimeException known(Throwable t) {
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
        if (t instanceof McpHttpStatusException status) {
            return httpStatus(status);
        }
        if (t instanceof McpTransportSessionNotFoundException) {
            return new McpSessionException(Reason.UNREACHABLE, "The MCP server no longer knows the session.", null);
        }
        if (t instanceof McpTransportException failed && STATUS.matcher(String.valueOf(failed.getMessage())).find()) {
            return transport(failed);
        }
        if (t instanceof McpError error && error.getJsonRpcError() != null) {
            return jsonRpc(error.getJsonRpcError().code(), error.getJsonRpcError().message(), error);
        }
        if (t instanceof McpException error) {
            return jsonRpc(error.error().code(), error.error().message(), error);
        }
        if (t instanceof McpInputHandlerMissingException declined) {
            return new McpSessionException(Reason.INPUT_DECLINED, "The MCP server asked for "
                    + declined.inputRequest().method() + ", which the broker declines: it cannot answer for a person.",
                    declined);
        }
        if (t instanceof McpInputRoundsExceededException || t instanceof McpInvalidResultException) {
            return new McpSessionException(Reason.PROTOCOL_ERROR, "The MCP server's answer cannot be used.", t);
        }
        if (t instanceof McpTimeoutException || t instanceof TimeoutException || t instanceof HttpTimeoutException) {
            return new McpSessionException(Reason.TIMED_OUT, "The MCP server did not answer in time.", t);
        }
        if (t instanceof McpResponseLostException lost) {
            // an answer that is not MCP at all (a web page, say) or a connection that broke mid-answer
            Throwable why = lost.getCause();
            boolean notMcp = why instanceof IllegalStateException
                    || why != null && String.valueOf(why.getMessage()).startsWith("Unexpected Content-Type");
            return notMcp
                    ? new McpSessionException(Reason.PROTOCOL_MISMATCH, "The MCP server's answer is not MCP.", lost)
                    : new McpSessionException(Reason.UNREACHABLE, "The MCP server's answer was lost.", lost);
        }
        if (t instanceof IOException) {
            return new McpSessionException(Reason.UNREACHABLE, "The MCP server could not be reached.", t);
        }
        return null;
    }

    /** 2026-07-28 wire: a status without a JSON-RPC error body. */
    static McpSessionException httpStatus(McpHttpStatusException e) {
        int status = e.statusCode();
        if (status == 401 || status == 403) {
            return new McpAuthorizationException(status,
                    ChallengeParser.bearerChallenge(e.headers().allValues("WWW-Authenticate")));
        }
        return httpStatus(status);
    }

    /** Session wire: the SDK names the status only in its message (the body after it is not quoted). */
    static McpSessionException transport(McpTransportException e) {
        Matcher status = STATUS.matcher(String.valueOf(e.getMessage()));
        status.find();
        return httpStatus(Integer.parseInt(status.group(1)));
    }

    /**
     * Streamable HTTP: 400, 404, 405, 406 and 415 are how a server refuses a request of a revision
     * or a session it does not know; 429, 502, 503 and 504 say to come back later.
     */
    static McpSessionException httpStatus(int status) {
        String message = "The MCP server answered HTTP " + status + ".";
        Reason reason = switch (status) {
            case 400, 404, 405, 406, 415 -> Reason.PROTOCOL_MISMATCH;
            case 408, 429, 502, 503, 504 -> Reason.UNREACHABLE;
            default -> status >= 500 ? Reason.SERVER_ERROR : Reason.REJECTED;
        };
        return new McpSessionException(reason, message, null);
    }

    /** A JSON-RPC error (JSON-RPC 2.0 §5.1; MCP's own codes from the 2025-11-25 and 2026-07-28 schemas). */
    static McpSessionException jsonRpc(int code, String upstreamMessage, Throwable cause) {
        String said = UpstreamText.quote(upstreamMessage);
        Reason reason = switch (code) {
            case -32602 -> Reason.INVALID_PARAMS;
            case -32601 -> Reason.NOT_SUPPORTED;
            case -32002 -> Reason.NOT_FOUND;
            case -32700, -32600, -32020, -32022 -> Reason.PROTOCOL_MISMATCH;
            case -32021 -> Reason.INPUT_DECLINED;
            default -> code == -32603 || code >= -32099 && code <= -32000 ? Reason.SERVER_ERROR : Reason.REJECTED;
        };
        String what = switch (reason) {
            case INVALID_PARAMS -> "The MCP server refused the request's parameters (an unknown name or bad arguments)";
            case NOT_SUPPORTED -> "The MCP server does not offer this method";
            case NOT_FOUND -> "The MCP server has no such resource";
            case PROTOCOL_MISMATCH -> "The MCP server does not accept the request as sent in this protocol revision";
            case INPUT_DECLINED ->
                "The MCP server needs a client capability (sampling, elicitation or roots) the broker declines";
            case SERVER_ERROR -> "The MCP server failed";
            default -> "The MCP server rejected the request";
        };
        return new McpSessionException(reason, what + (said.isEmpty() ? "." : ": " + said), code, cause);
    }
}
