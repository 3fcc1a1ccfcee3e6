package dev.mcpoauth.audit.boundary;

import dev.mcpoauth.audit.entity.AuditEntry;
import dev.mcpoauth.audit.entity.AuditQuery;
import dev.mcpoauth.events.entity.BrokerEvent;
import dev.mcpoauth.events.entity.EventSubject;
import dev.mcpoauth.web.entity.Paging;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The audit rows: appended one per event, searched by admins, replayed to event streams. */
@ApplicationScoped
@Transactional
public class AuditTrail {

    static final int MAX_DETAILS = 4000;

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    /** In a transaction of its own, so that a failure is recorded even when the business transaction rolls back. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AuditEntry append(BrokerEvent event, String correlationId) {
        EventSubject subject = event.subject();
        AuditEntry entry = new AuditEntry(subject.at(), event.type(), event.outcome(), subject.actor(), subject.user(),
                subject.serverId(), subject.connectionId(), correlationId, truncate(event.details()));
        em.persist(entry);
        em.flush();
        return entry;
    }

    public List<AuditEntry> search(AuditQuery query, Paging paging) {
        TypedQuery<AuditEntry> select = em.createQuery(query.jpql("a", true), AuditEntry.class);
        bind(select, query);
        return select.setFirstResult(paging.first()).setMaxResults(paging.size()).getResultList();
    }

    public long count(AuditQuery query) {
        Query count = em.createQuery(query.jpql("COUNT(a)", false));
        bind(count, query);
        return ((Number) count.getSingleResult()).longValue();
    }

    /**
     * The newest {@code limit} entries after {@code id}, oldest first: all of them when
     * {@code user} is empty (admins), else the user's own and those on the given connections.
     */
    public List<AuditEntry> after(long id, Optional<String> user, Collection<String> connectionIds, int limit) {
        TypedQuery<AuditEntry> select;
        if (user.isEmpty()) {
            select = em.createNamedQuery(AuditEntry.AFTER, AuditEntry.class);
        } else if (connectionIds.isEmpty()) {
            select = em.createNamedQuery(AuditEntry.AFTER_FOR_USER, AuditEntry.class).setParameter("user", user.get());
        } else {
            select = em.createNamedQuery(AuditEntry.AFTER_FOR_USER_OR_CONNECTIONS, AuditEntry.class)
                    .setParameter("user", user.get())
                    .setParameter("connectionIds", List.copyOf(connectionIds));
        }
        List<AuditEntry> newestFirst = new ArrayList<>(select.setParameter("after", id).setMaxResults(limit)
                .getResultList());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The rows after {@code id} and those among {@code ids}, oldest first: what other nodes recorded too. */
    public List<AuditEntry> feed(long after, Set<Long> ids, int limit) {
        List<AuditEntry> read = new ArrayList<>();
        if (!ids.isEmpty()) {
            read.addAll(em.createNamedQuery(AuditEntry.BY_IDS, AuditEntry.class)
                    .setParameter("ids", List.copyOf(ids)).getResultList());
        }
        read.addAll(em.createNamedQuery(AuditEntry.FEED, AuditEntry.class)
                .setParameter("after", after).setMaxResults(limit).getResultList());
        return read;
    }

    public long newestId() {
        Long newest = em.createNamedQuery(AuditEntry.NEWEST_ID, Long.class).getSingleResult();
        return newest == null ? 0 : newest;
    }

    /**
     * Deletes at most {@code batch} of the oldest rows that occurred before {@code before}, in a
     * transaction of its own so that a purge never holds many row locks for long.
     *
     * @return the number of rows deleted; fewer than {@code batch} means none older are left
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeBefore(Instant before, int batch) {
        List<Long> oldest = em.createNamedQuery(AuditEntry.OLDEST_BEFORE, Long.class)
                .setParameter("before", before)
                .setMaxResults(batch)
                .getResultList();
        if (oldest.isEmpty()) {
            return 0;
        }
        return em.createNamedQuery(AuditEntry.DELETE_IDS).setParameter("ids", oldest).executeUpdate();
    }

    static void bind(Query query, AuditQuery filters) {
        filters.parameters().forEach(query::setParameter);
    }

    static String truncate(String details) {
        return details == null || details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS);
    }
}
