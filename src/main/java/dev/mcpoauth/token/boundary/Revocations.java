package dev.mcpoauth.token.boundary;

import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.CredentialsRevoked;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.server.entity.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;

/** Disconnects: revokes at the authorization server (RFC 7009) where it can, then deletes the tokens. */
@ApplicationScoped
public class Revocations {

    @Inject
    Refreshes refreshes;

    @Inject
    Event<BrokerEvent> events;

    @Inject
    Clock clock;

    public boolean revoke(Connection connection, String actor) {
        EventSubject subject = connection.eventSubject(clock.instant(), actor);
        boolean revokedAtServer = refreshes.revoke(connection.id(), subject);
        events.fire(new CredentialsRevoked(subject, revokedAtServer));
        return revokedAtServer;
    }
}
