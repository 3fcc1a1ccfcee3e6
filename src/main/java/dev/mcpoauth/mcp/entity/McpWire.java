package dev.mcpoauth.mcp.entity;

/** How an MCP server is spoken to; the protocol revision decides the lifecycle. */
public enum McpWire {
    /** 2026-07-28: stateless requests, each with its revision in {@code _meta}; {@code server/discover}. */
    STATELESS,
    /** 2025-11-25, 2025-06-18, 2025-03-26: an {@code initialize} handshake, then a session. */
    SESSION;

    public McpWire other() {
        return this == STATELESS ? SESSION : STATELESS;
    }
}
