/**
 * One audit row per broker event, written in a transaction of its own so that a failure is on
 * record even when the business transaction that fired it rolls back. Rows never hold a secret.
 */
package dev.mcpoauth.audit;
