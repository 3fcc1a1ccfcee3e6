/**
 * Who is calling: HTTP Basic (RFC 7617) against the configured users and Bearer MP-JWT (RFC 6750)
 * callers, the mcp-user / mcp-admin roles, sign-in throttling and the cross-site rule. One mechanism
 * handles Basic and Bearer because MP-JWT's own mechanism cannot fall back to Basic for the embedded
 * default's configured users.
 */
package dev.mcpoauth.security;
