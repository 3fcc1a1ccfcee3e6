package dev.mcpoauth.outbound.entity;

/** A request to another server that got no complete answer; callers say which server in their own words. */
public class OutboundFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        TIMED_OUT,
        UNREACHABLE,
        INTERRUPTED
    }

    private final Kind kind;

    public OutboundFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
