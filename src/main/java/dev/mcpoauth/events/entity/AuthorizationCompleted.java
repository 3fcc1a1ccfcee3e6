package dev.mcpoauth.events.entity;

import dev.mcpoauth.audit.entity.AuditOutcome;

/** The code was exchanged and the connection holds tokens. */
public record AuthorizationCompleted(EventSubject subject, String issuer, String grantedScopes) implements BrokerEvent {

    @Override
    public AuditOutcome outcome() {
        return AuditOutcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Connected at " + issuer
                + (grantedScopes == null || grantedScopes.isBlank() ? "" : " with scopes " + grantedScopes);
    }
}
