package dev.mcpoauth.events.entity;


/** A flow ended without tokens; {@code errorCode} is the OAuth or broker code, the message is for people. */
public record AuthorizationFailed(EventSubject subject, String errorCode, String message) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.FAILURE;
    }

    @Override
    public String details() {
        return errorCode + ": " + message;
    }
}
