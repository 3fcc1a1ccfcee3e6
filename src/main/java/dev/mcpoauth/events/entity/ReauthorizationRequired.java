package dev.mcpoauth.events.entity;


/** The stored grant is gone (e.g. {@code invalid_grant}); the user must connect again. */
public record ReauthorizationRequired(EventSubject subject, String reason) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.INFO;
    }

    @Override
    public String details() {
        return "Connect again: " + reason;
    }
}
