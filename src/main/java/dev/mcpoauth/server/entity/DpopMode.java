package dev.mcpoauth.server.entity;

/**
 * When the broker binds a server's tokens to a DPoP key (RFC 9449): when the authorization
 * server advertises ES256 in {@code dpop_signing_alg_values_supported}, always (refusing to
 * connect where it does not advertise it), or never: an identity provider may advertise DPoP for
 * all its clients while this MCP server accepts only {@code Authorization: Bearer}.
 */
public enum DpopMode {
    WHEN_ADVERTISED,
    REQUIRED,
    NEVER
}
