package dev.mcpoauth.token.boundary;

import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.server.entity.Connection;
import dev.mcpoauth.token.entity.RevocationReport;
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

    /** Audited as CredentialsRevoked: FAILURE when the server refused or did not answer for a token. */
    public RevocationReport revoke(Connection connection, String actor) {
        EventSubject subject = connection.eventSubject(clock.instant(), actor);
        RevocationReport report = refreshes.revoke(connection.id(), subject);
        events.fire(report.event(subject));
        return report;
    }
}
