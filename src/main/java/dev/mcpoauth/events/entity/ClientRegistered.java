package dev.mcpoauth.events.entity;

/** The broker obtained a client at an authorization server. The client id is public; secrets never travel here. */
public record ClientRegistered(EventSubject subject, String issuer, String method, String clientId)
        implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Client " + clientId + " at " + issuer + " (" + method + ")";
    }
}
