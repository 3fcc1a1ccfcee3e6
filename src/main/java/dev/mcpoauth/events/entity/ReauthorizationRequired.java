package dev.mcpoauth.events.entity;

import dev.mcpoauth.audit.entity.AuditOutcome;

/** The stored grant is gone (e.g. {@code invalid_grant}); the user must connect again. */
public record ReauthorizationRequired(EventSubject subject, String reason) implements BrokerEvent {

    @Override
    public AuditOutcome outcome() {
        return AuditOutcome.INFO;
    }

    @Override
    public String details() {
        return "Connect again: " + reason;
    }
}
