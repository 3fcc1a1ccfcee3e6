package dev.mcpoauth.events.entity;


/** A refresh failed; a transient failure leaves the connection as it was. */
public record TokenRefreshFailed(EventSubject subject, String errorCode, boolean transientFailure)
        implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.FAILURE;
    }

    @Override
    public String details() {
        return "Refresh failed (" + errorCode + ")" + (transientFailure ? "; will try again" : "");
    }
}
