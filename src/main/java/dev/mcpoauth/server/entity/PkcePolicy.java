package dev.mcpoauth.server.entity;

/**
 * MCP authorization requires refusing an authorization server that does not advertise S256 in
 * {@code code_challenge_methods_supported}; some large identity providers support it without
 * saying so, and an admin may vouch for them.
 */
public enum PkcePolicy {
    REQUIRE_ADVERTISED,
    ASSUME_SUPPORTED
}
