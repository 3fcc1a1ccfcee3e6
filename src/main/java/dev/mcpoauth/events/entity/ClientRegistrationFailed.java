package dev.mcpoauth.events.entity;

import dev.mcpoauth.audit.entity.AuditOutcome;

/** No client could be obtained at an authorization server; the message tells the admin what to configure. */
public record ClientRegistrationFailed(EventSubject subject, String issuer, String errorCode, String message)
        implements BrokerEvent {

    @Override
    public AuditOutcome outcome() {
        return AuditOutcome.FAILURE;
    }

    @Override
    public String details() {
        return issuer + ": " + errorCode + ": " + message;
    }
}
