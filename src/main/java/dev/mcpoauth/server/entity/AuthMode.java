package dev.mcpoauth.server.entity;

/** How the broker authenticates to an MCP server. */
public enum AuthMode {
    OAUTH2,
    NONE
}
