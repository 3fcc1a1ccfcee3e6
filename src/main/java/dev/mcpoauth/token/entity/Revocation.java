package dev.mcpoauth.token.entity;

/** How a revocation request ended when the server answered it (RFC 7009 §2.2). */
public enum Revocation {
    /** HTTP 200: the token is invalid now, also when the server did not know it (RFC 7009 §2.2). */
    REVOKED,
    /** The server does not revoke this type of token (RFC 7009 §2.2.1 {@code unsupported_token_type}). */
    UNSUPPORTED_TOKEN_TYPE
}
