/**
 * DPoP (RFC 9449): a per-connection EC P-256 key that sender-constrains a connection's tokens, the
 * ES256 proofs for every token request and every MCP request ({@code ath} for the access token),
 * and the servers' nonces (§8, §9), remembered in memory. JDK crypto only; a key's private part,
 * a proof or a key JWK with {@code d} never reaches a log, an error, an audit row or a URL.
 */
package dev.mcpoauth.dpop;
