package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.audit.entity.AuditRecorded;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.web.boundary.Correlation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Writes one audit row per broker event and then announces the committed row
 * ({@link AuditRecorded}), so that live streams carry the row id. The announcement is synchronous
 * and its observers only hand the row on: Payara runs asynchronous observers in a copy of the
 * firing EJB's invocation, whose end closed that EJB's non-transactional EntityManager.
 */
@ApplicationScoped
public class AuditLog {

    static final System.Logger LOGGER = System.getLogger(AuditLog.class.getName());

    @Inject
    AuditTrail trail;

    @Inject
    Event<AuditRecorded> recorded;

    @Inject
    Correlation correlation;

    public void record(@Observes BrokerEvent event) {
        AuditEntry entry = trail.append(event, correlationOf(event));
        try {
            recorded.fire(new AuditRecorded(entry));
        } catch (RuntimeException e) {
            // the row is written; a stream's trouble must not fail the operation that was audited
            LOGGER.log(System.Logger.Level.WARNING, "Announcing audit entry " + entry.id() + " failed", e);
        }
    }

    /** The event's own, else the current request's; timers and other threads have none. */
    String correlationOf(BrokerEvent event) {
        if (event.subject().correlationId() != null) {
            return event.subject().correlationId();
        }
        try {
            return correlation.id();
        } catch (ContextNotActiveException outsideARequest) {
            return null;
        }
    }
}
