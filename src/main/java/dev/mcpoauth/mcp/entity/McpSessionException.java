package dev.mcpoauth.mcp.entity;

/**
 * An MCP session failed. The message names what went wrong in plain words and never carries a
 * token or a request body; {@link McpAuthorizationException} is the one kind a caller acts on.
 */
public class McpSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Connecting or sending failed (refused, reset, DNS, TLS). */
        UNREACHABLE,
        /** No answer within the configured request timeout. */
        TIMED_OUT,
        /** The server answered with a JSON-RPC error, e.g. an unknown tool or invalid arguments. */
        REJECTED,
        /** The server's answer is not Streamable HTTP / JSON-RPC the SDK can use. */
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

    /** The JSON-RPC error code of a {@link Reason#REJECTED} failure, else null. */
    public Integer jsonRpcCode() {
        return jsonRpcCode;
    }
}
