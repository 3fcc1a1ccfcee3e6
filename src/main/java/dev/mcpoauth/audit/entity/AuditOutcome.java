package dev.mcpoauth.audit.entity;

/** Whether an audited step succeeded, failed, or only happened. */
public enum AuditOutcome {
    SUCCESS,
    FAILURE,
    INFO
}
