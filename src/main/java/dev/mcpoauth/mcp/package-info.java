/**
 * Talking to MCP servers: reading their 401 challenges ({@code WWW-Authenticate}, RFC 9110
 * §11.6.1, RFC 6750 §3, RFC 9728 §5.1) and naming them as OAuth resources (RFC 8707 §2).
 * A malformed challenge is ignored as a whole, never half-parsed, because its parameters
 * decide where the broker connects next.
 */
package dev.mcpoauth.mcp;
