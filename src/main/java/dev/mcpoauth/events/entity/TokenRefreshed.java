package dev.mcpoauth.events.entity;

import java.time.Instant;

/** A refresh succeeded; {@code rotated} tells whether the authorization server issued a new refresh token. */
public record TokenRefreshed(EventSubject subject, Instant expiresAt, boolean rotated) implements BrokerEvent {

    @Override
    public Outcome outcome() {
        return Outcome.SUCCESS;
    }

    @Override
    public String details() {
        return "Access token refreshed, valid until " + expiresAt + (rotated ? "; refresh token rotated" : "");
    }
}
