/**
 * Sealed token sets and their life: AccessTokens for other modules, refresh (RFC 6749 §6) that is
 * single-flight across nodes because it holds the token row's lock from read to commit, RFC 7009
 * revocation, and the refresh timer. Nothing is cached outside the database, so a revocation is
 * seen by every node at once.
 */
package dev.mcpoauth.token;
