package dev.mcpoauth.server.entity;

/**
 * When the broker binds a server's tokens to a DPoP key (RFC 9449): when the authorization
 * server advertises ES256 in {@code dpop_signing_alg_values_supported}, or always, refusing to
 * connect where the authorization server does not advertise it.
 */
public enum DpopMode {
    WHEN_ADVERTISED,
    REQUIRED
}
