/**
 * The audit trail: one row per broker event with actor, subject user, server, connection, outcome
 * and plain-language details, never a secret. Rows are written in a transaction of their own, so
 * failures survive the rollback of the business transaction that reported them.
 */
package dev.mcpoauth.audit;
