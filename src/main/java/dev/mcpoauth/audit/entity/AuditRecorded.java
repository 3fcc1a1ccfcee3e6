package dev.mcpoauth.audit.entity;

/**
 * An audit row was committed: fired asynchronously after {@link dev.mcpoauth.events.entity.BrokerEvent}s
 * are written, so that observers know the row's id (the SSE event id) and never see a row that
 * is not in the database.
 */
public record AuditRecorded(AuditEntry entry) {
}
