/**
 * The audit trail and its live tail: one row per broker event with actor, subject user, server,
 * connection, outcome and plain-language details, never a secret, written in a transaction of its
 * own so that failures survive the rollback that reported them; and the server-sent event stream,
 * which carries committed rows (the row id is the SSE id, so {@code Last-Event-ID} resumes from
 * the database) to the people who may see them.
 */
package dev.mcpoauth.audit;
