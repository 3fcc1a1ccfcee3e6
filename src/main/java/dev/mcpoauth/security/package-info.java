/**
 * Who is calling and which secrets we may read: AES-256-GCM sealing of secrets at rest, HTTP Basic
 * and Bearer (MP-JWT claims, RFC 7617, RFC 6750) caller authentication, and the mcp-user / mcp-admin roles.
 * One mechanism handles Basic and Bearer because MP-JWT's own mechanism cannot fall back to Basic for the
 * embedded default's configured users. Sealing keys carry ids so that keys can rotate without re-encryption.
 */
package dev.mcpoauth.security;
