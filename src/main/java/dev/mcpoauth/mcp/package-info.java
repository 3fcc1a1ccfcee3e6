/**
 * Talking to MCP servers: reading their 401 challenges ({@code WWW-Authenticate}, RFC 9110
 * §11.6.1, RFC 6750 §3, RFC 9728 §5.1), naming them as OAuth resources (RFC 8707 §2), and
 * opening sessions for callers with the MCP Java SDK, a bearer token on every request (RFC 6750
 * §2.1). A malformed challenge is ignored as a whole, never half-parsed, because its parameters
 * decide where the broker connects next; a 401 or 403 is never replayed with the same token.
 */
package dev.mcpoauth.mcp;
