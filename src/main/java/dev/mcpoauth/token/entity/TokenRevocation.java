package dev.mcpoauth.token.entity;

import java.util.Locale;

/**
 * What happened to one token (refresh or access) when a connection was revoked. {@code detail}
 * is plain language for people and the audit trail: the endpoint's host, an HTTP status and an
 * OAuth error code at most, never a token or upstream free text.
 */
public record TokenRevocation(Result result, String detail) {

    public enum Result {
        /** HTTP 200 from the revocation endpoint: the token is invalid now (RFC 7009 §2.2). */
        REVOKED,
        /** The server does not revoke this type of token (RFC 7009 §2.2.1); it lives until it expires. */
        UNSUPPORTED_TOKEN_TYPE,
        /** The server refused, failed or did not answer: it may still honour the token. */
        FAILED,
        /** Not sent: the server offers no revocation endpoint, or it could not be asked at all. */
        NOT_SENT,
        /** The connection held no such token. */
        NO_TOKEN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final TokenRevocation NONE = new TokenRevocation(Result.NO_TOKEN, "none was stored");
    public static final TokenRevocation REVOKED = new TokenRevocation(Result.REVOKED,
            "revoked at the authorization server");
    public static final TokenRevocation UNSUPPORTED = new TokenRevocation(Result.UNSUPPORTED_TOKEN_TYPE,
            "the authorization server cannot revoke this type of token; it stays valid until it expires");

    public static TokenRevocation failed(String detail) {
        return new TokenRevocation(Result.FAILED, detail);
    }

    public static TokenRevocation notSent(String detail) {
        return new TokenRevocation(Result.NOT_SENT, detail);
    }

    public boolean isRevoked() {
        return result == Result.REVOKED;
    }

    /** The server may still accept the token: it was there and is not confirmed dead. */
    public boolean mayStillBeValid() {
        return result == Result.FAILED || result == Result.NOT_SENT || result == Result.UNSUPPORTED_TOKEN_TYPE;
    }
}
