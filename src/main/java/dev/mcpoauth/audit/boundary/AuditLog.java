package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.audit.entity.AuditRecorded;
import dev.mcpoauth.events.entity.BrokerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Writes one audit row per broker event and then announces the committed row asynchronously
 * ({@link AuditRecorded}), so live streams carry the row id and the business thread never waits
 * for them.
 */
@ApplicationScoped
public class AuditLog {

    static final System.Logger LOGGER = System.getLogger(AuditLog.class.getName());

    @Inject
    AuditTrail trail;

    @Inject
    Event<AuditRecorded> recorded;

    public void record(@Observes BrokerEvent event) {
        AuditEntry entry = trail.append(event);
        recorded.fireAsync(new AuditRecorded(entry)).whenComplete((done, failure) -> {
            if (failure != null) {
                LOGGER.log(System.Logger.Level.WARNING, "Announcing audit entry " + entry.id() + " failed", failure);
            }
        });
    }
}
