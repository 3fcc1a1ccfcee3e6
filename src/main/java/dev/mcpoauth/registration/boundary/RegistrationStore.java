package dev.mcpoauth.registration.boundary;

import dev.mcpoauth.registration.entity.ClientRegistration;
import dev.mcpoauth.registration.entity.RegistrationLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.function.Supplier;

/** Client registrations in the database; each call its own transaction, never across a network call. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class RegistrationStore {

    @PersistenceContext(unitName = "broker")
    EntityManager em;

    public Optional<ClientRegistration> find(String issuer, String redirectUri) {
        return em.createNamedQuery(ClientRegistration.BY_ISSUER, ClientRegistration.class)
                .setParameter("issuer", issuer)
                .setParameter("redirectUri", redirectUri)
                .getResultStream()
                .findFirst();
    }

    public Optional<ClientRegistration> byId(String id) {
        return Optional.ofNullable(em.find(ClientRegistration.class, id));
    }

    /** Fails on the unique (issuer, redirect URI) constraint when another node registered first. */
    public void add(ClientRegistration registration) {
        em.persist(registration);
    }

    /**
     * The issuer's lock row, created unless it exists. When two nodes create it at once one insert
     * fails on the primary key: that caller's transaction only, and the row is there either way.
     */
    public void ensureLock(String issuer, String redirectUri) {
        RegistrationLock lock = new RegistrationLock(issuer, redirectUri);
        if (em.find(RegistrationLock.class, lock.key()) == null) {
            em.persist(lock);
        }
    }

    /**
     * Runs {@code work} holding the issuer's lock row (pessimistic write) until it returns: one
     * registration at an issuer at a time across every node. The work's own reads and writes run
     * in transactions of their own, committed before the lock is released, so the next holder
     * sees them.
     */
    public <T> T underLock(String issuer, String redirectUri, Supplier<T> work) {
        em.find(RegistrationLock.class, RegistrationLock.keyOf(issuer, redirectUri), LockModeType.PESSIMISTIC_WRITE);
        return work.get();
    }

    public boolean remove(String issuer, String redirectUri) {
        Optional<ClientRegistration> registration = find(issuer, redirectUri);
        registration.ifPresent(em::remove);
        return registration.isPresent();
    }
}
