package dev.mcpoauth.events.entity;

import java.time.Instant;

/** A token without a refresh token is about to expire: the user will have to connect again. */
public record TokenExpiringSoon(EventSubject subject, Instant expiresAt) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.INFO;
    }

    @Override
    public String details() {
        return "Access token expires at " + expiresAt + " and cannot be refreshed";
    }
}
