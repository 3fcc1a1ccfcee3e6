package dev.mcpoauth.events.entity;

import dev.mcpoauth.audit.entity.AuditOutcome;

/** A flow was started (or reused) because the connection has no usable token. */
public record AuthorizationRequired(EventSubject subject, String flowId, String scopes) implements BrokerEvent {

    @Override
    public AuditOutcome outcome() {
        return AuditOutcome.INFO;
    }

    @Override
    public String details() {
        return "Authorization requested" + (scopes == null || scopes.isBlank() ? "" : " for scopes " + scopes);
    }
}
