package dev.mcpoauth.authorization.boundary;

import dev.mcpoauth.authorization.entity.PendingAuthorization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** Flows in the database, each call its own short transaction (never held across a network call). */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class FlowStore {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    public void add(PendingAuthorization flow) {
        em.persist(flow);
    }

    public Optional<PendingAuthorization> find(String flowId) {
        return Optional.ofNullable(em.find(PendingAuthorization.class, flowId));
    }

    public Optional<PendingAuthorization> byStateHash(String stateHash) {
        return em.createNamedQuery(PendingAuthorization.BY_STATE_HASH, PendingAuthorization.class)
                .setParameter("stateHash", stateHash)
                .getResultStream()
                .findFirst();
    }

    public Optional<PendingAuthorization> reusable(String connectionId, String user, String scopes, Instant now) {
        return em.createNamedQuery(PendingAuthorization.REUSABLE, PendingAuthorization.class)
                .setParameter("connectionId", connectionId)
                .setParameter("user", user)
                .setParameter("now", now)
                .getResultStream()
                .filter(flow -> Objects.equals(flow.scopes().orElse(null), scopes))
                .findFirst();
    }

    /** The user's flows still under way, on every connection. */
    public long pendingOf(String user, Instant now) {
        return em.createQuery("SELECT COUNT(f) FROM PendingAuthorization f WHERE f.userName = :user"
                        + " AND f.status = dev.mcpoauth.authorization.entity.AuthorizationStatus.PENDING"
                        + " AND f.expiresAt > :now", Long.class)
                .setParameter("user", user)
                .setParameter("now", now)
                .getSingleResult();
    }

    /**
     * True for exactly one caller across every node: the conditional update is the single-use
     * guard. The winner's copy of the flow is claimed too.
     */
    public boolean claim(PendingAuthorization flow, Instant now) {
        boolean won = em.createNamedQuery(PendingAuthorization.CLAIM)
                .setParameter("id", flow.id())
                .setParameter("now", now)
                .executeUpdate() == 1;
        return won && flow.claim(now);
    }

    public void update(String flowId, Consumer<PendingAuthorization> change) {
        find(flowId).ifPresent(change);
    }

    public int expireStale(Instant now) {
        return em.createNamedQuery(PendingAuthorization.EXPIRE_STALE).setParameter("now", now).executeUpdate();
    }

    /** Fails the flows claimed by an exchange that never ended, once they expired before {@code before}. */
    public int interruptClaimsExpiredBefore(Instant before, Instant now) {
        return em.createNamedQuery(PendingAuthorization.INTERRUPT_STALE_CLAIMS)
                .setParameter("before", before)
                .setParameter("now", now)
                .executeUpdate();
    }

    public int purgeFinishedBefore(Instant before) {
        return em.createNamedQuery(PendingAuthorization.PURGE_FINISHED).setParameter("before", before).executeUpdate();
    }
}
