package dev.mcpoauth.events.entity;

import dev.mcpoauth.audit.entity.AuditOutcome;
import dev.mcpoauth.registration.entity.RegistrationMethod;

/** The broker obtained a client at an authorization server. The client id is public; secrets never travel here. */
public record ClientRegistered(EventSubject subject, String issuer, RegistrationMethod method, String clientId)
        implements BrokerEvent {

    @Override
    public AuditOutcome outcome() {
        return AuditOutcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Client " + clientId + " at " + issuer + " (" + method + ")";
    }
}
