/**
 * Sealed token sets and their life, from the code exchange at the callback (RFC 6749 §4.1.3) on.
 * {@code AccessTokens} is the one boundary (token for a call, refresh now, revoke);
 * {@code TokenSet.next} decides use / refresh / re-authorize, before the row lock and again under
 * it in {@code LockedTokens}, which makes refresh (RFC 6749 §6) single-flight across nodes; RFC
 * 7009 revocation; the refresh timer. Nothing is cached outside the database, so a revocation is
 * seen by every node at once.
 */
package dev.mcpoauth.token;
