package dev.mcpoauth.events.entity;


/** No client could be obtained at an authorization server; the message tells the admin what to configure. */
public record ClientRegistrationFailed(EventSubject subject, String issuer, String errorCode, String message)
        implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.FAILURE;
    }

    @Override
    public String details() {
        return issuer + ": " + errorCode + ": " + message;
    }
}
