package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * Writes one audit row per broker event, in a transaction of its own so that a failure is
 * recorded even when the business transaction that fired it rolls back.
 */
@ApplicationScoped
public class AuditLog {

    static final int MAX_DETAILS = 4000;

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(@Observes BrokerEvent event) {
        EventSubject subject = event.subject();
        em.persist(new AuditEntry(subject.at(), event.type(), event.outcome(), subject.actor(), subject.user(),
                subject.serverId(), subject.connectionId(), subject.correlationId(), truncate(event.details())));
    }

    static String truncate(String details) {
        return details == null || details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS);
    }
}
