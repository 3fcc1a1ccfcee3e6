package dev.mcpoauth.events.entity;


/** A flow was started (or reused) because the connection has no usable token. */
public record AuthorizationRequired(EventSubject subject, String flowId, String scopes) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.INFO;
    }

    @Override
    public String details() {
        return "Authorization requested" + (scopes == null || scopes.isBlank() ? "" : " for scopes " + scopes);
    }
}
