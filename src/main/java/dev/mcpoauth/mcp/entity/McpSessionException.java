package dev.mcpoauth.mcp.entity;

/**
 * An MCP exchange failed. The message names what went wrong in plain words and never carries a
 * token or a request body; {@link McpAuthorizationException} is the one kind a caller acts on.
 */
public class McpSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Connecting or sending failed (refused, reset, DNS, TLS), or the server is overloaded. */
        UNREACHABLE,
        /** No answer within the configured request timeout. */
        TIMED_OUT,
        /** JSON-RPC -32602: an unknown tool or prompt, or arguments the server refuses. */
        INVALID_PARAMS,
        /** MCP -32002: no such resource. */
        NOT_FOUND,
        /** JSON-RPC -32601: the server does not offer this method (no prompts, say). */
        NOT_SUPPORTED,
        /** JSON-RPC -32603 or a server-defined error: the server failed. */
        SERVER_ERROR,
        /** The server does not speak the revision the broker spoke (no common revision in the end). */
        PROTOCOL_MISMATCH,
        /** The server asked for sampling, elicitation or roots, which the broker declines. */
        INPUT_DECLINED,
        /** Any other JSON-RPC error. */
        REJECTED,
        /** The server's answer is not MCP the SDK can use. */
        PROTOCOL_ERROR,
        /** 401 or 403: see {@link McpAuthorizationException}. */
        AUTHORIZATION
    }

    private final Reason reason;
    private final Integer jsonRpcCode;

    public McpSessionException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, cause);
    }

    public McpSessionException(Reason reason, String message, Integer jsonRpcCode, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.jsonRpcCode = jsonRpcCode;
    }

    public Reason reason() {
        return reason;
    }

    /** The JSON-RPC error code the server answered with, else null. */
    public Integer jsonRpcCode() {
        return jsonRpcCode;
    }

    /** Whether the failure says nothing of the revision spoken: a refused token, no connection, no answer. */
    public boolean isRevisionNeutral() {
        return reason == Reason.AUTHORIZATION || reason == Reason.UNREACHABLE || reason == Reason.TIMED_OUT;
    }

    /**
     * Whether a failed operation may mean the server now speaks another revision: not when the
     * server understood the request well enough to refuse its content.
     */
    public boolean mayMeanAnotherRevision() {
        return !isRevisionNeutral() && reason != Reason.INVALID_PARAMS && reason != Reason.NOT_FOUND
                && reason != Reason.INPUT_DECLINED;
    }

    /** Whether speaking another revision may help. */
    public boolean isProtocolMismatch() {
        return reason == Reason.PROTOCOL_MISMATCH;
    }
}
