package dev.mcpoauth.authorization.entity;

/**
 * The life of one authorization flow: it starts PENDING and ends exactly once. A callback that
 * claims it (CLAIMED) is the only one to exchange its code; the exchange ends it.
 */
public enum AuthorizationStatus {
    PENDING,
    CLAIMED,
    COMPLETED,
    FAILED,
    EXPIRED
}
