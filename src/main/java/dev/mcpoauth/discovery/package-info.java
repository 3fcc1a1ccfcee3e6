/**
 * Finding an MCP server's authorization server: protected-resource metadata (RFC 9728) and
 * authorization-server metadata (RFC 8414, OpenID Connect Discovery 1.0), with the resource and
 * issuer checks of RFC 9728 §3.3 and RFC 8414 §3.3. Every URL comes from the network, so every
 * fetch passes the outbound URL policy first and never follows redirects.
 */
package dev.mcpoauth.discovery;
