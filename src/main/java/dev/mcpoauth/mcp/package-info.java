/**
 * Talking to MCP servers with the MCP Java SDK: a bearer token on every request (RFC 6750 §2.1),
 * taken from {@code AccessTokens} just before it is sent, and the answers to 401 and 403
 * (RFC 6750 §3.1, insufficient_scope step-up). A 401 or 403 is never replayed with the same token.
 */
package dev.mcpoauth.mcp;
