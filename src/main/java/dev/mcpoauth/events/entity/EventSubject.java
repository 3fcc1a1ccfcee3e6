package dev.mcpoauth.events.entity;

import java.time.Instant;

/**
 * Who and what an event is about: when it happened, who acted (a user, an admin, or
 * {@code system} for timers), whose connection it concerns, and the request it belongs to.
 */
public record EventSubject(Instant at, String actor, String user, String serverId, String connectionId,
        String correlationId) {

    public static final String SYSTEM = "system";

}
