package dev.mcpoauth.outbound.entity;

/**
 * A request to another server that got no complete answer, or an answer over the size limit;
 * callers say which server in their own words.
 */
public class OutboundFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        TIMED_OUT,
        UNREACHABLE,
        INTERRUPTED,
        /** The body is larger than the limit: the server answered, but nothing the broker will read. */
        TOO_LARGE
    }

    private final Kind kind;

    public OutboundFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether asking again later may get an answer (everything but an oversized body). */
    public boolean isTransient() {
        return kind != Kind.TOO_LARGE;
    }
}
