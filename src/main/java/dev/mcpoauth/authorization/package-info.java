/**
 * The authorization-code flow (RFC 6749 §4.1) with PKCE S256 (RFC 7636), resource indicators
 * (RFC 8707) and issuer identification (RFC 9207), for one person and one connection at a time.
 * A flow is bound to the browser that opened its start link (a cookie whose hash is stored), its
 * state is stored only as a hash, and a conditional update lets exactly one callback complete it.
 */
package dev.mcpoauth.authorization;
