package dev.mcpoauth.authorization.entity;

/** The life of one authorization flow: it starts PENDING and ends exactly once. */
public enum AuthorizationStatus {
    PENDING,
    COMPLETED,
    FAILED,
    EXPIRED
}
