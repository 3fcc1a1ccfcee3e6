package dev.mcpoauth.audit.entity;

/**
 * An audit row was committed: fired once a {@link dev.mcpoauth.events.entity.BrokerEvent} is
 * written, so that observers know the row's id (the SSE event id) and never see a row that is not
 * in the database. Observers run on the audited operation's thread and must return at once.
 */
public record AuditRecorded(AuditEntry entry) {
}
